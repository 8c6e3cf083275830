package proofs

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"
)

var codecProofs = []ArithProof{
	okFarkas, okEq, okCutPair, okSplit, okCaseOr, okFalse, okCutScale,
	&Split{NewLin(new(big.Int).Lsh(bi(-1), 200), Term{0, bi(-(1 << 61))}, Term{1 << 31, bi(1)}), new(big.Int).Lsh(bi(3), 70), okFarkas, okFarkas},
	&Farkas{[]Coef{cf(0, 1<<59), cf(1, -(1 << 60)), {3, new(big.Int).Lsh(bi(1), 60)}, {4, new(big.Int).Lsh(bi(-1), 60)}}},
}

func TestArithRoundTrip(t *testing.T) {
	for i, p := range codecProofs {
		b, err := MarshalArith(p)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		q, err := UnmarshalArith(b, nTest)
		if err != nil {
			t.Fatalf("%d: decode %x: %v", i, b, err)
		}
		if p.String() != q.String() {
			t.Fatalf("%d: round trip changed\n%v\ninto\n%v", i, p, q)
		}
		b2, err := MarshalArith(q)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("%d: re-encoding differs: %x vs %x (%v)", i, b, b2, err)
		}
		want := CheckRefutation(testHyps, p) == nil
		if got := CheckRefutation(testHyps, q) == nil; got != want {
			t.Fatalf("%d: decoded proof checks %v, original %v", i, got, want)
		}
		// Every strict prefix is truncated input; every extension has
		// trailing bytes.
		for n := range len(b) {
			if _, err := UnmarshalArith(b[:n], nTest); err == nil {
				t.Fatalf("%d: accepted %d-byte prefix of %d", i, n, len(b))
			}
		}
		if _, err := UnmarshalArith(append(b, 0), nTest); err == nil || !strings.Contains(err.Error(), "trailing") {
			t.Fatalf("%d: trailing byte: %v", i, err)
		}
	}
}

func TestArithSize(t *testing.T) {
	b, _ := MarshalArith(okFarkas)
	// version, tag, count, (hyp, coef) x2
	if want := []byte{1, tagFarkas, 2, 0, 4, 1, 4}; !bytes.Equal(b, want) {
		t.Fatalf("got %x, want %x", b, want)
	}
}

func TestUnmarshalArithErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		off  int
		text string
	}{
		{"empty", nil, 0, "missing version"},
		{"version", []byte{2, tagFarkas, 0}, 0, "unknown version 2"},
		{"tag", []byte{1, 9}, 1, "unknown step tag 9"},
		{"tag zero", []byte{1, 0}, 1, "unknown step tag 0"},
		{"no step", []byte{1}, 1, "truncated"},
		{"trailing", []byte{1, tagFarkas, 0, 0}, 3, "1 trailing"},
		{"hyp range", []byte{1, tagFarkas, 1, 11, 2}, 3, "h11 out of range (11 in scope)"},
		{"derived in scope", []byte{1, tagCut, 0, 2, tagFarkas, 1, 11, 2}, 0, ""},
		{"derived out of scope", []byte{1, tagCut, 0, 2, tagFarkas, 1, 12, 2}, 6, "h12 out of range (12 in scope)"},
		{"caseor range", []byte{1, tagCaseOr, 11, 0}, 2, "out of range"},
		{"count", []byte{1, tagFarkas, 100, 0, 2}, 2, "count 100 exceeds"},
		{"huge count", []byte{1, tagCaseOr, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, 3, "exceeds the remaining"},
		{"non-minimal varint", []byte{1, tagFarkas, 0x80, 0x00}, 2, "non-minimal varint"},
		{"varint overflow", []byte{1, tagFarkas, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, 2, "overflows"},
		{"truncated varint", []byte{1, tagFarkas, 0x80}, 2, "truncated varint"},
		{"non-minimal big int", []byte{1, tagFarkas, 1, 0, 1<<2 | 1, 5}, 4, "non-minimal integer"},
		{"leading zero", []byte{1, tagFarkas, 1, 0, 9<<2 | 1, 0, 0x10, 0, 0, 0, 0, 0, 0, 0}, 4, "non-minimal integer"},
		{"big int truncated", []byte{1, tagFarkas, 1, 0, 9<<2 | 1, 0x10}, 4, "exceeds the remaining"},
		{"big int limit", append([]byte{1, tagFarkas, 1, 0, 0xe1, 0x12}, make([]byte, 600)...), 4, "exceeds the limit"},
		{"lin order", []byte{1, tagSplit, 0, 2, 3, 2, 1, 2, 0, tagFarkas, 0, tagFarkas, 0}, 6, "out of order"},
		{"lin zero coef", []byte{1, tagSplit, 0, 1, 3, 0, 0, tagFarkas, 0, tagFarkas, 0}, 5, "zero coefficient"},
		{"atom range", []byte{1, tagSplit, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 2, 0, tagFarkas, 0, tagFarkas, 0}, 4, "out of order or range"},
	}
	if _, err := UnmarshalArith([]byte{1, tagCaseOr, 0, 0}, -1); err == nil {
		t.Error("accepted a negative hypothesis count")
	}
	for _, tt := range tests {
		_, err := UnmarshalArith(tt.in, nTest)
		if tt.text == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: got %v, want a DecodeError", tt.name, err)
			continue
		}
		if de.Offset != tt.off || !strings.Contains(de.Msg, tt.text) {
			t.Errorf("%s: got %q at %d, want %q at %d", tt.name, de.Msg, de.Offset, tt.text, tt.off)
		}
	}
}

func TestUnmarshalArithLimits(t *testing.T) {
	var deep ArithProof = okFarkas
	for range 30 {
		deep = &Cut{[]Coef{cf(5, 1)}, bi(1), deep}
	}
	b, err := MarshalArith(deep)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Limits{MaxDepth: 10, MaxSteps: 1000, MaxCoefBits: 64}).UnmarshalArith(b, nTest); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("depth: %v", err)
	}
	if _, err := (Limits{MaxDepth: 100, MaxSteps: 10, MaxCoefBits: 64}).UnmarshalArith(b, nTest); err == nil || !strings.Contains(err.Error(), "steps") {
		t.Errorf("steps: %v", err)
	}
	if _, err := (Limits{MaxDepth: 100, MaxSteps: 1000, MaxCoefBits: 64}).UnmarshalArith(b, nTest); err != nil {
		t.Errorf("within limits: %v", err)
	}
}

func TestMarshalArithErrors(t *testing.T) {
	for i, p := range []ArithProof{
		nil, (*Cut)(nil), &Farkas{[]Coef{{0, nil}}}, &Farkas{[]Coef{cf(-1, 1)}},
		&Cut{nil, nil, okFarkas}, &Cut{nil, bi(1), nil}, &Split{Var(1), nil, okFarkas, okFarkas},
		&Split{Var(1), bi(0), okFarkas, nil}, &CaseOr{-1, nil}, &CaseOr{0, []ArithProof{nil}},
	} {
		if _, err := MarshalArith(p); err == nil {
			t.Errorf("%d: marshalled %v", i, p)
		}
	}
}
