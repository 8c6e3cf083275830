package proofs

import (
	"math/rand"
	"testing"

	"vep/sep"
)

// TestFoldUnfold checks that folding bytes and unfolding the value are
// inverse and that the folded value is in the type's range: exhaustively
// for one and two bytes, on random bytes for four and eight.
func TestFoldUnfold(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, ty := range []*sep.IntType{sep.U8, sep.S8, sep.U16, sep.S16, sep.U32, sep.S32, sep.U64, sep.S64} {
		var cases [][]int64
		switch ty.Size {
		case 1:
			for b := int64(0); b < 256; b++ {
				cases = append(cases, []int64{b})
			}
		case 2:
			for b := int64(0); b < 65536; b += 7 {
				cases = append(cases, []int64{b & 255, b >> 8})
			}
			cases = append(cases, []int64{255, 255}, []int64{0, 128}, []int64{255, 127})
		default:
			for i := 0; i < 2000; i++ {
				l := make([]int64, ty.Size)
				for k := range l {
					l[k] = int64(r.Intn(256))
				}
				cases = append(cases, l)
			}
		}
		lo, hi := ty.Range()
		v := FoldBytes(sep.NewVar("l"), ty)
		back := ByteList(v, ty.Size)
		for _, l := range cases {
			env := &sep.Env{Vars: map[string]sep.Value{"l": sep.ListValue(l...)}}
			val, err := sep.EvalTerm(v, env)
			if err != nil {
				t.Fatalf("%v %v: %v", ty, l, err)
			}
			if val.Int().Cmp(lo) < 0 || val.Int().Cmp(hi) > 0 {
				t.Fatalf("%v %v: folded value %v out of range", ty, l, val)
			}
			got, err := sep.EvalTerm(back, env)
			if err != nil {
				t.Fatalf("%v %v: %v", ty, l, err)
			}
			if !got.Equal(sep.ListValue(l...)) {
				t.Fatalf("%v %v: unfold(fold) = %v", ty, l, got)
			}
		}
	}
}
