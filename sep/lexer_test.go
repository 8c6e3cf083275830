package sep

import (
	"math/big"
	"testing"
)

func TestLiterals(t *testing.T) {
	tests := []struct{ src, want string }{
		{"0", "0"}, {"42", "42"}, {"0x2A", "42"}, {"0XfF", "255"}, {"052", "42"}, {"0b101010", "42"},
		{"42u", "42"}, {"42UL", "42"}, {"42ll", "42"}, {"42LLU", "42"},
		{"18446744073709551616", "18446744073709551616"},
		{"'a'", "97"}, {"'\\0'", "0"}, {"'\\n'", "10"}, {"'\\t'", "9"}, {"'\\x41'", "65"}, {"'\\x7'", "7"},
		{"'\\''", "39"}, {"'\\\\'", "92"}, {"'\"'", "34"},
	}
	for _, tt := range tests {
		x, err := ParseTerm(tt.src, nil)
		if err != nil {
			t.Errorf("ParseTerm(%q): %v", tt.src, err)
			continue
		}
		if i, ok := x.(*Int); !ok || i.Val.String() != tt.want {
			t.Errorf("ParseTerm(%q) = %s, want %s", tt.src, x, tt.want)
		}
	}
	for _, bad := range []string{"08", "0x", "0b2", "1lul", "''", "'ab'", "'\\q'", "'\\x'", "'a", "12abc", "'\\xZZ'"} {
		if x, err := ParseTerm(bad, nil); err == nil {
			t.Errorf("ParseTerm(%q) = %s, want error", bad, x)
		}
	}
}

func TestValue(t *testing.T) {
	big7 := big.NewInt(7)
	v := BigValue(big7)
	l := BigListValue([]*big.Int{big7, big.NewInt(8)})
	if v.IsList() || !l.IsList() || v.Int().Cmp(big7) != 0 || len(l.List()) != 2 || v.List() != nil ||
		l.Int().Sign() != 0 || l.String() != "[7, 8]" || !l.Equal(ListValue(7, 8)) || l.Equal(v) ||
		!v.Equal(IntValue(7)) || (Value{}).String() != "0" || ListValue().String() != "[]" {
		t.Error("Value accessors")
	}
}
