package bench

import (
	"fmt"
	"regexp"
	"strings"
)

// Expectation is the verdict a program announces about itself.
type Expectation struct {
	// Safe is true for "// expect: safe".
	Safe bool `json:"safe"`
	// Reason is the text after "// expect: unsafe: ".
	Reason string `json:"reason,omitempty"`
	// Line is the 1-based line carrying the ERROR marker of an unsafe
	// program, 0 for a safe one.
	Line int `json:"line,omitempty"`
	// Marker is the quoted text of the ERROR marker: a substring of the
	// message the verifier must give at Line.
	Marker string `json:"marker,omitempty"`
}

// String returns "safe" or "unsafe".
func (e Expectation) String() string {
	if e.Safe {
		return "safe"
	}
	return "unsafe"
}

var (
	// expectLine is the required first line of every program.
	expectLine = regexp.MustCompile(`^// expect: (safe|unsafe: (\S.*))$`)
	// errorMarker is one ERROR marker.
	errorMarker = regexp.MustCompile(`/\* ERROR "([^"]+)" \*/`)
)

// ParseExpect returns the expectation src announces in its first line and
// its ERROR marker. It returns an error if the first line is not an expect
// line, if a marker is malformed, if a safe program has a marker or if an
// unsafe one does not have exactly one.
func ParseExpect(src []byte) (Expectation, error) {
	var e Expectation
	lines := strings.Split(string(src), "\n")
	m := expectLine.FindStringSubmatch(strings.TrimRight(lines[0], "\r"))
	if m == nil {
		return e, fmt.Errorf("line 1: want \"// expect: safe\" or \"// expect: unsafe: <reason>\"")
	}
	e.Safe = m[1] == "safe"
	e.Reason = m[2]
	markers := 0
	for i, line := range lines {
		n := strings.Count(line, "/* ERROR")
		if n == 0 {
			continue
		}
		ms := errorMarker.FindAllStringSubmatch(line, -1)
		if len(ms) != n {
			return e, fmt.Errorf("line %d: malformed ERROR marker, want /* ERROR \"<text>\" */", i+1)
		}
		markers += n
		e.Line = i + 1
		e.Marker = ms[0][1]
	}
	switch {
	case e.Safe && markers > 0:
		return e, fmt.Errorf("line %d: safe program has an ERROR marker", e.Line)
	case !e.Safe && markers != 1:
		return e, fmt.Errorf("unsafe program has %d ERROR markers, want 1", markers)
	}
	return e, nil
}
