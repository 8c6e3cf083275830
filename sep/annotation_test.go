package sep

import (
	"strings"
	"testing"
)

func TestParseAnnotation(t *testing.T) {
	a, err := ParseAnnotation(`With l
    Require 0 < cap && chars(s, cap, l)
    Ensure  0 <= __return && __return < cap && chars(s, cap, l)`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != Contract || len(a.With) != 1 || a.With[0].Name != "l" || a.With[0].At != (Pos{1, 6}) ||
		a.Require.String() != "0 < cap && chars(s, cap, l)" ||
		a.Ensure.String() != "0 <= __return && __return < cap && chars(s, cap, l)" {
		t.Errorf("contract = %+v", a)
	}

	a, err = ParseAnnotation("Inv 0 <= i && i < cap && chars(s, cap, l) Variant cap - i", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != LoopInv || a.Inv.String() != "0 <= i && i < cap && chars(s, cap, l)" || a.Variant.String() != "cap - i" {
		t.Errorf("loop = %+v", a)
	}
	a, err = ParseAnnotation("Inv: i <= n", nil)
	if err != nil || a.Kind != LoopInv || a.Variant != nil || a.Inv.String() != "i <= n" {
		t.Errorf("Inv: %+v %v", a, err)
	}

	for _, src := range []string{"Assert 0 <= i", "0 <= i"} {
		a, err = ParseAnnotation(src, nil)
		if err != nil || a.Kind != Assertion || a.Assert.String() != "0 <= i" {
			t.Errorf("%q: %+v %v", src, a, err)
		}
	}

	a, err = ParseAnnotation("Require x > 0 Require y > 0 Ensure __return == x@pre", nil)
	if err != nil || a.Require.String() != "x > 0 && y > 0" || a.Ensure.String() != "__return == x@pre" || a.With != nil {
		t.Errorf("repeated Require: %+v %v", a, err)
	}
}

func TestParseAnnotationErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"With Require x == 1", "1:6: expected a name after With, found 'Require'"},
		{"Require x == 1 With l", "1:16: unexpected 'With' after annotation"},
		{"Inv x == 1 Variant", "1:19: expected a term, found end of annotation"},
		{"x == 1 Variant n", "1:8: unexpected 'Variant' after annotation"},
		{"Ensure Ensure == 1", "1:8: expected a term, found keyword Ensure"},
		{"Require chars(p, n, l", "1:22: expected ')' after arguments of chars, found end of annotation"},
	}
	for _, tt := range tests {
		_, err := ParseAnnotation(tt.src, nil)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseAnnotation(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
}
