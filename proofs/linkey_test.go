package proofs

import (
	"math/big"
	"math/rand"
	gosort "sort"
	"strings"
	"testing"

	"vep/sep"
)

// refLinKey is linKey as first written: a copy of the constant, sorted
// with sort.Slice, no preallocation.
func refLinKey(lz *linearizer, l Lin) string {
	type kt struct {
		key  string
		coef *big.Int
	}
	ts := make([]kt, 0, l.Len())
	for _, t := range l.terms {
		ts = append(ts, kt{lz.atoms.keys[t.Atom], t.Coef})
	}
	gosort.Slice(ts, func(i, j int) bool { return ts[i].key < ts[j].key })
	var b strings.Builder
	b.WriteByte('{')
	b.WriteString(l.Constant().String())
	for _, t := range ts {
		b.WriteByte('|')
		b.WriteString(t.coef.String())
		b.WriteString("*[")
		b.WriteString(t.key)
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

// TestLinKeyRandom compares linKey and lin of literals with the
// reference forms on random linear forms over atoms with random keys.
func TestLinKeyRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 5000; iter++ {
		lz := &linearizer{atoms: NewAtomTable(), env: sep.Builtin, sorts: &sorts{m: map[string]sort{}}}
		n := r.Intn(8)
		var terms []Term
		for i := 0; i < n; i++ {
			key := string(rune('a'+r.Intn(26))) + strings.Repeat("x", r.Intn(3))
			a := lz.atoms.atom(key, nil)
			terms = append(terms, Term{a, randBig(r)})
		}
		var c *big.Int
		if r.Intn(4) > 0 {
			c = randBig(r)
		}
		l := NewLin(c, terms...)
		if r.Intn(5) == 0 {
			l.c = nil
		}
		if got, want := lz.linKey(l), refLinKey(lz, l); got != want {
			t.Fatalf("linKey = %q, want %q", got, want)
		}
		v := randBig(r)
		got, err := lz.lin(&sep.Int{Val: v})
		if err != nil || !got.Equal(NewLin(v)) || lz.linKey(got) != refLinKey(lz, NewLin(v)) {
			t.Fatalf("lin(%v) = %v, %v", v, got, err)
		}
	}
}

func randBig(r *rand.Rand) *big.Int {
	switch r.Intn(4) {
	case 0:
		return big.NewInt(int64(r.Intn(5) - 2))
	case 1:
		return big.NewInt(r.Int63() - r.Int63())
	case 2:
		return new(big.Int).Lsh(big.NewInt(int64(r.Intn(1000)-500)), uint(r.Intn(200)))
	}
	return big.NewInt(int64(r.Intn(2000) - 1000))
}

// TestAtomTableReuse checks, over random interleavings of new atoms and
// truncations, that lin(key) is always Var of the key's atom and that the
// numbering is that of a fresh table fed the same keys.
func TestAtomTableReuse(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	tab := NewAtomTable()
	var keys []string
	for iter := 0; iter < 20000; iter++ {
		if r.Intn(10) == 0 {
			n := r.Intn(tab.Len() + 1)
			tab.truncate(n)
			keys = keys[:n]
			continue
		}
		k := string(rune('a' + r.Intn(40)))
		l := tab.lin(k, nil)
		want := -1
		for i, x := range keys {
			if x == k {
				want = i
			}
		}
		if want < 0 {
			keys = append(keys, k)
			want = len(keys) - 1
		}
		if !l.Equal(Var(Atom(want))) || tab.Len() != len(keys) || len(tab.lins) != len(tab.keys) {
			t.Fatalf("lin(%s) = %v, want %v", k, l, Var(Atom(want)))
		}
	}
}

// TestLinEqualRandom compares Equal with a comparison of the texts.
func TestLinEqualRandom(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for iter := 0; iter < 5000; iter++ {
		mk := func() Lin {
			var terms []Term
			for i := r.Intn(3); i > 0; i-- {
				terms = append(terms, Term{Atom(r.Intn(3)), big.NewInt(int64(r.Intn(3) - 1))})
			}
			var c *big.Int
			if r.Intn(3) > 0 {
				c = big.NewInt(int64(r.Intn(3) - 1))
			}
			l := NewLin(c, terms...)
			if r.Intn(3) == 0 && l.c != nil && l.c.Sign() == 0 {
				l.c = nil
			}
			return l
		}
		x, y := mk(), mk()
		if got, want := x.Equal(y), x.String() == y.String(); got != want {
			t.Fatalf("%v.Equal(%v) = %v", x, y, got)
		}
		d := linMerge(x, y, true)
		if !d.Equal(x.Sub(y)) || d.constRef().Cmp(x.Sub(y).Constant()) != 0 {
			t.Fatalf("%v - %v: linMerge %v, Sub %v", x, y, d, x.Sub(y))
		}
	}
}

// TestSmallInts checks intCopy and intNeg against big.Int's Set and Neg,
// and that the shared integers keep their values.
func TestSmallInts(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for iter := 0; iter < 20000; iter++ {
		x := randBig(r)
		if iter%2 == 0 {
			x = big.NewInt(int64(r.Intn(4*smallMax) - 2*smallMax))
		}
		if intCopy(x).Cmp(x) != 0 || intNeg(x).Cmp(new(big.Int).Neg(x)) != 0 {
			t.Fatalf("intCopy/intNeg(%v) = %v, %v", x, intCopy(x), intNeg(x))
		}
	}
	for i := range smallInts {
		if smallInts[i].Int64() != int64(i-smallMax) {
			t.Fatalf("smallInts[%d] = %v", i, &smallInts[i])
		}
	}
}

// TestLinAddConstRandom compares linAddConst with AddConst.
func TestLinAddConstRandom(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for iter := 0; iter < 20000; iter++ {
		var c *big.Int
		switch r.Intn(3) {
		case 0:
			c = big.NewInt(int64(r.Intn(4*smallMax) - 2*smallMax))
		case 1:
			c = randBig(r)
		}
		l := Lin{c: c}
		if r.Intn(2) == 0 {
			l = NewLin(c, Term{Atom(r.Intn(3)), big.NewInt(int64(r.Intn(5) - 2))})
			if c == nil {
				l.c = nil
			}
		}
		k := int64(r.Intn(4*smallMax) - 2*smallMax)
		if r.Intn(4) == 0 {
			k = r.Int63() - r.Int63()
		}
		if got, want := linAddConst(l, k), l.AddConst(k); !got.Equal(want) {
			t.Fatalf("linAddConst(%v, %d) = %v, want %v", l, k, got, want)
		}
	}
}

// TestLinMergeRandom compares linMerge with Add and Sub on forms with
// small, boundary and large coefficients.
func TestLinMergeRandom(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	coef := func() *big.Int {
		if r.Intn(2) == 0 {
			return big.NewInt(int64(r.Intn(4*smallMax+3) - 2*smallMax - 1))
		}
		return randBig(r)
	}
	mk := func() Lin {
		var terms []Term
		for i := r.Intn(4); i > 0; i-- {
			terms = append(terms, Term{Atom(r.Intn(4)), coef()})
		}
		var c *big.Int
		if r.Intn(4) > 0 {
			c = coef()
		}
		l := NewLin(c, terms...)
		if c == nil {
			l.c = nil
		}
		return l
	}
	for iter := 0; iter < 20000; iter++ {
		x, y := mk(), mk()
		if got, want := linMerge(x, y, false), x.Add(y); !got.Equal(want) || got.String() != want.String() {
			t.Fatalf("linMerge(%v, %v, false) = %v, want %v", x, y, got, want)
		}
		if got, want := linMerge(x, y, true), x.Sub(y); !got.Equal(want) || got.String() != want.String() {
			t.Fatalf("linMerge(%v, %v, true) = %v, want %v", x, y, got, want)
		}
	}
	for i := range smallInts {
		if smallInts[i].Int64() != int64(i-smallMax) {
			t.Fatalf("smallInts[%d] = %v", i, &smallInts[i])
		}
	}
}
