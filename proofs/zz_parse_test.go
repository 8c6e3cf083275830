package proofs_test

import (
	"strings"
	"testing"
	"time"

	"vep/sep"
)

func TestZZParse(t *testing.T) {
	cases := []string{
		strings.Repeat("(", 390) + "x" + strings.Repeat(")", 390),
		strings.Repeat("(", 390) + "x",
		strings.Repeat("(u8)", 300) + "x",
		strings.Repeat("(u8 *)(", 100) + "x",
		strings.Repeat("[", 390) + "x",
		strings.Repeat("x[", 390) + "x",
		strings.Repeat("(x", 390),
		strings.Repeat("*(", 300) + "x",
		strings.Repeat("-(", 300) + "x",
		strings.Repeat("sizeof(", 100) + "x",
		strings.Repeat("((x", 200),
		strings.Repeat("(x)[", 200),
		strings.Repeat("x ++ ", 2000) + "x",
		strings.Repeat("x + ", 4000) + "x",
		strings.Repeat("(x + ", 300) + "x",
		strings.Repeat("(struct a *)(", 100),
		strings.Repeat("(l[", 200),
		strings.Repeat("len(", 300),
		strings.Repeat("l[x:", 300),
	}
	for _, c := range cases {
		start := time.Now()
		_, err := sep.ParseTerm(c, nil)
		if d := time.Since(start); d > 10*time.Millisecond {
			t.Logf("%q...: %v %v", c[:20], d, err != nil)
		}
	}
}
