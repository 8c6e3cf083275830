package proofs

import (
	"errors"
	"fmt"
	"math"
	"math/big"
)

// ArithVersion is the version byte that starts every encoded ArithProof.
const ArithVersion = 1

// Tags of encoded proof steps.
const (
	tagFarkas = 1
	tagCut    = 2
	tagSplit  = 3
	tagCaseOr = 4
)

// The encoding, after the version byte, of a step:
//
//	farkas: 0x01 comb
//	cut:    0x02 comb int(div) step
//	split:  0x03 lin int(k) step(le) step(ge)
//	caseor: 0x04 uvarint(hyp) uvarint(n) step×n
//	comb:   uvarint(n) (uvarint(hyp) int(coef))×n
//	lin:    int(const) uvarint(n) (uvarint(atom) int(coef))×n, atoms strictly increasing, coefs nonzero
//	int:    uvarint(v): if v is even, the value is zigzag(v>>1) and |value| < 2^60;
//	        if v is odd, v>>2 big-endian magnitude bytes follow (no leading zero,
//	        value >= 2^60) and bit 1 of v is the sign.
//
// Every uvarint is minimal, so each proof has exactly one encoding.
const smallIntBits = 60

// DecodeError reports why decoding failed and at which byte offset.
type DecodeError struct {
	Offset int
	Msg    string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("arith proof: offset %d: %s", e.Offset, e.Msg)
}

// MarshalArith returns the binary encoding of p, starting with ArithVersion.
// It returns an error if p has a missing step or integer, a negative
// hypothesis index, or is deeper than DefaultLimits.MaxDepth.
func MarshalArith(p ArithProof) ([]byte, error) {
	return AppendArith(nil, p)
}

// AppendArith appends the binary encoding of p to b; see MarshalArith.
func AppendArith(b []byte, p ArithProof) ([]byte, error) {
	b = append(b, ArithVersion)
	return appendStep(b, p, 0)
}

var errMissing = errors.New("arith proof: missing step or integer")

func appendStep(b []byte, p ArithProof, depth int) ([]byte, error) {
	if depth > DefaultLimits.MaxDepth {
		return nil, fmt.Errorf("arith proof: deeper than %d steps", DefaultLimits.MaxDepth)
	}
	if isNilNode(p) {
		return nil, errMissing
	}
	var err error
	switch p := p.(type) {
	case *Farkas:
		b = append(b, tagFarkas)
		return appendComb(b, p.Comb)
	case *Cut:
		b = append(b, tagCut)
		if b, err = appendComb(b, p.Comb); err != nil {
			return nil, err
		}
		if b, err = appendInt(b, p.Div); err != nil {
			return nil, err
		}
		return appendStep(b, p.Then, depth+1)
	case *Split:
		b = append(b, tagSplit)
		if b, err = appendInt(b, p.E.Constant()); err != nil {
			return nil, err
		}
		b = appendUvarint(b, uint64(len(p.E.terms)))
		for _, t := range p.E.terms {
			b = appendUvarint(b, uint64(t.Atom))
			if b, err = appendInt(b, t.Coef); err != nil {
				return nil, err
			}
		}
		if b, err = appendInt(b, p.K); err != nil {
			return nil, err
		}
		if b, err = appendStep(b, p.Le, depth+1); err != nil {
			return nil, err
		}
		return appendStep(b, p.Ge, depth+1)
	case *CaseOr:
		if p.Hyp < 0 {
			return nil, fmt.Errorf("arith proof: negative hypothesis index %d", p.Hyp)
		}
		b = append(b, tagCaseOr)
		b = appendUvarint(b, uint64(p.Hyp))
		b = appendUvarint(b, uint64(len(p.Cases)))
		for _, q := range p.Cases {
			if b, err = appendStep(b, q, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("arith proof: unknown step %T", p)
}

func appendComb(b []byte, comb []Coef) ([]byte, error) {
	b = appendUvarint(b, uint64(len(comb)))
	var err error
	for _, e := range comb {
		if e.Hyp < 0 {
			return nil, fmt.Errorf("arith proof: negative hypothesis index %d", e.Hyp)
		}
		b = appendUvarint(b, uint64(e.Hyp))
		if b, err = appendInt(b, e.Coef); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendInt(b []byte, x *big.Int) ([]byte, error) {
	if x == nil {
		return nil, errMissing
	}
	if x.BitLen() <= smallIntBits {
		v := x.Int64()
		zz := uint64(v<<1) ^ uint64(v>>63)
		return appendUvarint(b, zz<<1), nil
	}
	mag := x.Bytes()
	h := uint64(len(mag))<<2 | 1
	if x.Sign() < 0 {
		h |= 2
	}
	b = appendUvarint(b, h)
	return append(b, mag...), nil
}

// UnmarshalArith decodes a proof encoded by MarshalArith under
// DefaultLimits. nhyps is the number of hypotheses the proof will be checked
// against; hypothesis references beyond those in scope are rejected. It
// returns a *DecodeError for an unknown version or tag, truncated input,
// trailing bytes, non-minimal integers, out-of-range references and sizes
// beyond the limits.
func UnmarshalArith(data []byte, nhyps int) (ArithProof, error) {
	return DefaultLimits.UnmarshalArith(data, nhyps)
}

// UnmarshalArith decodes a proof under the limits l; see the package
// function UnmarshalArith.
func (l Limits) UnmarshalArith(data []byte, nhyps int) (ArithProof, error) {
	d := decoder{data: data, lim: l}
	if nhyps < 0 {
		return nil, d.errorf("negative hypothesis count %d", nhyps)
	}
	if len(data) == 0 {
		return nil, d.errorf("missing version byte")
	}
	if data[0] != ArithVersion {
		return nil, d.errorf("unknown version %d", data[0])
	}
	d.off = 1
	p, err := d.step(nhyps, 0)
	if err != nil {
		return nil, err
	}
	if d.off != len(data) {
		return nil, d.errorf("%d trailing bytes", len(data)-d.off)
	}
	return p, nil
}

type decoder struct {
	data  []byte
	off   int
	lim   Limits
	steps int
}

func (d *decoder) errorf(format string, args ...any) error {
	return &DecodeError{Offset: d.off, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) count(n int) error {
	d.steps += n
	if d.steps > d.lim.MaxSteps {
		return d.errorf("proof exceeds %d steps", d.lim.MaxSteps)
	}
	return nil
}

func (d *decoder) uvarint() (uint64, error) {
	var v uint64
	start := d.off
	for i := 0; ; i++ {
		if d.off >= len(d.data) {
			d.off = start
			return 0, d.errorf("truncated varint")
		}
		c := d.data[d.off]
		d.off++
		if i == 9 && c > 1 {
			d.off = start
			return 0, d.errorf("varint overflows 64 bits")
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				d.off = start
				return 0, d.errorf("non-minimal varint")
			}
			return v, nil
		}
	}
}

// length reads a count of items that each take at least minSize bytes.
func (d *decoder) length(minSize int) (int, error) {
	start := d.off
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.data)-d.off)/uint64(minSize) {
		d.off = start
		return 0, d.errorf("count %d exceeds the remaining %d bytes", n, len(d.data)-d.off)
	}
	return int(n), nil
}

// hyp reads a hypothesis index that must be below nhyps.
func (d *decoder) hyp(nhyps int) (int, error) {
	start := d.off
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n >= uint64(nhyps) {
		d.off = start
		return 0, d.errorf("hypothesis h%d out of range (%d in scope)", n, nhyps)
	}
	return int(n), nil
}

func (d *decoder) int() (*big.Int, error) {
	start := d.off
	h, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		zz := h >> 1
		v := int64(zz>>1) ^ -int64(zz&1)
		x := big.NewInt(v)
		if x.BitLen() > smallIntBits {
			d.off = start
			return nil, d.errorf("small integer out of range")
		}
		if x.BitLen() > d.lim.MaxCoefBits {
			d.off = start
			return nil, d.errorf("integer has %d bits, more than the limit %d", x.BitLen(), d.lim.MaxCoefBits)
		}
		return x, nil
	}
	n := h >> 2
	if n > uint64(len(d.data)-d.off) {
		d.off = start
		return nil, d.errorf("integer of %d bytes exceeds the remaining %d bytes", n, len(d.data)-d.off)
	}
	if n > uint64(d.lim.MaxCoefBits)/8+1 {
		d.off = start
		return nil, d.errorf("integer of %d bytes exceeds the limit of %d bits", n, d.lim.MaxCoefBits)
	}
	mag := d.data[d.off : d.off+int(n)]
	x := new(big.Int).SetBytes(mag)
	if x.BitLen() <= smallIntBits || mag[0] == 0 {
		d.off = start
		return nil, d.errorf("non-minimal integer")
	}
	if x.BitLen() > d.lim.MaxCoefBits {
		d.off = start
		return nil, d.errorf("integer has %d bits, more than the limit %d", x.BitLen(), d.lim.MaxCoefBits)
	}
	if h&2 != 0 {
		x.Neg(x)
	}
	d.off += int(n)
	return x, nil
}

func (d *decoder) comb(nhyps int) ([]Coef, error) {
	n, err := d.length(2)
	if err != nil {
		return nil, err
	}
	if err := d.count(n); err != nil {
		return nil, err
	}
	comb := make([]Coef, n)
	for i := range comb {
		if comb[i].Hyp, err = d.hyp(nhyps); err != nil {
			return nil, err
		}
		if comb[i].Coef, err = d.int(); err != nil {
			return nil, err
		}
	}
	return comb, nil
}

func (d *decoder) lin() (Lin, error) {
	c, err := d.int()
	if err != nil {
		return Lin{}, err
	}
	n, err := d.length(2)
	if err != nil {
		return Lin{}, err
	}
	if err := d.count(n); err != nil {
		return Lin{}, err
	}
	l := Lin{c: c, terms: make([]Term, n)}
	for i := range l.terms {
		start := d.off
		a, err := d.uvarint()
		if err != nil {
			return Lin{}, err
		}
		if a > math.MaxUint32 || (i > 0 && a <= uint64(l.terms[i-1].Atom)) {
			d.off = start
			return Lin{}, d.errorf("atom %d out of order or range", a)
		}
		start = d.off
		coef, err := d.int()
		if err != nil {
			return Lin{}, err
		}
		if coef.Sign() == 0 {
			d.off = start
			return Lin{}, d.errorf("zero coefficient")
		}
		l.terms[i] = Term{Atom(a), coef}
	}
	return l, nil
}

func (d *decoder) step(nhyps, depth int) (ArithProof, error) {
	if depth > d.lim.MaxDepth {
		return nil, d.errorf("proof deeper than %d steps", d.lim.MaxDepth)
	}
	if err := d.count(1); err != nil {
		return nil, err
	}
	if d.off >= len(d.data) {
		return nil, d.errorf("truncated: missing proof step")
	}
	tag := d.data[d.off]
	d.off++
	switch tag {
	case tagFarkas:
		comb, err := d.comb(nhyps)
		if err != nil {
			return nil, err
		}
		return &Farkas{Comb: comb}, nil
	case tagCut:
		comb, err := d.comb(nhyps)
		if err != nil {
			return nil, err
		}
		div, err := d.int()
		if err != nil {
			return nil, err
		}
		then, err := d.step(nhyps+1, depth+1)
		if err != nil {
			return nil, err
		}
		return &Cut{Comb: comb, Div: div, Then: then}, nil
	case tagSplit:
		e, err := d.lin()
		if err != nil {
			return nil, err
		}
		k, err := d.int()
		if err != nil {
			return nil, err
		}
		le, err := d.step(nhyps+1, depth+1)
		if err != nil {
			return nil, err
		}
		ge, err := d.step(nhyps+1, depth+1)
		if err != nil {
			return nil, err
		}
		return &Split{E: e, K: k, Le: le, Ge: ge}, nil
	case tagCaseOr:
		h, err := d.hyp(nhyps)
		if err != nil {
			return nil, err
		}
		n, err := d.length(2)
		if err != nil {
			return nil, err
		}
		p := &CaseOr{Hyp: h, Cases: make([]ArithProof, n)}
		for i := range p.Cases {
			if p.Cases[i], err = d.step(nhyps+1, depth+1); err != nil {
				return nil, err
			}
		}
		return p, nil
	}
	d.off--
	return nil, d.errorf("unknown step tag %d", tag)
}
