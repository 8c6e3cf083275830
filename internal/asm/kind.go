package asm

import (
	"strings"

	"vep/internal/spec"
)

// annotationKind returns the kind of an annotation with the given text that
// is not followed by a function label before its instruction: a contract if
// the text starts with the word With, Require or Ensure, an invariant if it
// starts with Inv, an assertion otherwise.
func annotationKind(text string) spec.Kind {
	switch firstWord(text) {
	case "With", "Require", "Ensure":
		return spec.Contract
	case "Inv":
		return spec.Invariant
	}
	return spec.Assertion
}

// firstWord returns the leading run of letters of text.
func firstWord(text string) string {
	i := strings.IndexFunc(text, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	})
	if i < 0 {
		return text
	}
	return text[:i]
}
