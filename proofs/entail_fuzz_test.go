package proofs_test

import (
	"testing"

	"vep/proofs"
	"vep/sep"
	"vep/solver"
)

// fuzzVCs are fixed VCs that decoded proofs are checked against.
var fuzzVCs = []string{
	"0 <= i && i < n && chars(p, i, l) * chars(p + i, 1, [v]) * undef_chars(p + i + 1, n - i - 1) |- chars(p, i + 1, l ++ [v]) * undef_chars(p + i + 1, n - i - 1)",
	"data + 14 <= data_end && store_chars(data, data_end) |- store_chars(data, data + 14) * store_chars(data + 14, data_end)",
	"0 <= j && j < i && (forall k, 0 <= k && k < i => -1 <= l[k] && l[k] < k) |- l[j] + 1 <= j",
	"8 <= n && chars(p, n, l) |- exists m, chars(p, 8, m)",
	"data_at(p, u16, v) |- chars(p, 2, [v & 255, (v >> 8) & 255])",
	"chars(p, 4, [1, 2, 3, 4]) * chars(p + 4, 4, l) |- data_at(p, u32, 67305985)",
}

func parseVC(t testing.TB, src string) proofs.VC {
	for i := 0; i+2 <= len(src); i++ {
		if src[i:i+2] == "|-" {
			h, err := sep.ParseFormula(src[:i], nil)
			if err != nil {
				t.Fatal(err)
			}
			g, err := sep.ParseFormula(src[i+2:], nil)
			if err != nil {
				t.Fatal(err)
			}
			return proofs.VC{Hyp: h, Goal: g}
		}
	}
	t.Fatalf("no |- in %s", src)
	return proofs.VC{}
}

// FuzzDecodeEntailment decodes arbitrary bytes and checks the result
// against fixed VCs: no panic, and bounded time (the decoder and kernel
// limits). Valid VCs only, so any accepted proof is fine.
func FuzzDecodeEntailment(f *testing.F) {
	var vcs []proofs.VC
	for _, src := range fuzzVCs {
		vc := parseVC(f, src)
		vcs = append(vcs, vc)
		res, err := solver.Prove(vc, nil, solver.Options{})
		if err != nil || !res.Valid {
			f.Fatalf("%s: %v %v", src, err, res)
		}
		data, err := proofs.MarshalEntailment(res.Proof)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("VEPP"))
	f.Add([]byte("VEPP\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := proofs.UnmarshalEntailment(data, nil)
		if err != nil {
			return
		}
		_ = p.String()
		for _, vc := range vcs {
			_ = proofs.CheckEntailment(vc, nil, p)
		}
		if _, err := proofs.MarshalEntailment(p); err != nil {
			t.Fatalf("decoded proof does not encode: %v", err)
		}
	})
}

// TestCodecStrict checks round trips and that truncation, trailing bytes,
// a wrong magic or version and a changed byte never yield a proof the
// kernel accepts for a VC it should not.
func TestCodecStrict(t *testing.T) {
	for _, src := range fuzzVCs {
		vc := parseVC(t, src)
		res, err := solver.Prove(vc, nil, solver.Options{})
		if err != nil || !res.Valid {
			t.Fatalf("%s: %v %v", src, err, res)
		}
		data, err := proofs.MarshalEntailment(res.Proof)
		if err != nil {
			t.Fatal(err)
		}
		p, err := proofs.UnmarshalEntailment(data, nil)
		if err != nil {
			t.Fatalf("%s: decode: %v", src, err)
		}
		if err := proofs.CheckEntailment(vc, nil, p); err != nil {
			t.Fatalf("%s: decoded proof rejected: %v", src, err)
		}
		again, err := proofs.MarshalEntailment(p)
		if err != nil || string(again) != string(data) {
			t.Errorf("%s: re-encoding differs", src)
		}
		if p.String() != res.Proof.String() {
			t.Errorf("%s: text differs:\n%s\nvs\n%s", src, p, res.Proof)
		}
		for n := 0; n < len(data); n++ {
			if _, err := proofs.UnmarshalEntailment(data[:n], nil); err == nil {
				t.Errorf("%s: truncation to %d bytes accepted", src, n)
			}
		}
		if _, err := proofs.UnmarshalEntailment(append(append([]byte(nil), data...), 0), nil); err == nil {
			t.Errorf("%s: trailing byte accepted", src)
		}
		for _, k := range []int{0, 4, 5} {
			bad := append([]byte(nil), data...)
			bad[k] ^= 0x40
			if _, err := proofs.UnmarshalEntailment(bad, nil); err == nil {
				t.Errorf("%s: header byte %d changed, accepted", src, k)
			}
		}
	}
}
