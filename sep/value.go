package sep

import (
	"math/big"
	"strings"
)

// Value is the meaning of a term in a concrete state: a mathematical integer
// or a finite list of integers. The zero Value is the integer 0.
type Value struct {
	list bool
	n    *big.Int
	l    []*big.Int
}

// IntValue returns the integer n.
func IntValue(n int64) Value { return Value{n: big.NewInt(n)} }

// BigValue returns the integer n. n must not be modified afterwards.
func BigValue(n *big.Int) Value { return Value{n: n} }

// ListValue returns the list of the given integers.
func ListValue(elems ...int64) Value {
	l := make([]*big.Int, len(elems))
	for i, e := range elems {
		l[i] = big.NewInt(e)
	}
	return Value{list: true, l: l}
}

// BigListValue returns the list l. Its elements must not be modified
// afterwards.
func BigListValue(l []*big.Int) Value { return Value{list: true, l: l} }

// IsList reports whether v is a list.
func (v Value) IsList() bool { return v.list }

// Int returns the integer value (0 for a list). The result must not be
// modified.
func (v Value) Int() *big.Int {
	if v.list || v.n == nil {
		return new(big.Int)
	}
	return v.n
}

// List returns the elements of a list (nil for an integer). The result must
// not be modified.
func (v Value) List() []*big.Int {
	if !v.list {
		return nil
	}
	return v.l
}

// Equal reports whether v and w are the same integer or the same list.
func (v Value) Equal(w Value) bool {
	if v.list != w.list {
		return false
	}
	if !v.list {
		return v.Int().Cmp(w.Int()) == 0
	}
	if len(v.l) != len(w.l) {
		return false
	}
	for i := range v.l {
		if v.l[i].Cmp(w.l[i]) != 0 {
			return false
		}
	}
	return true
}

// String prints an integer in decimal and a list as [a, b, …].
func (v Value) String() string {
	if !v.list {
		return v.Int().String()
	}
	s := make([]string, len(v.l))
	for i, e := range v.l {
		s[i] = e.String()
	}
	return "[" + strings.Join(s, ", ") + "]"
}
