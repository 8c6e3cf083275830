package proofs

import (
	"encoding/binary"
	"fmt"

	"vep/sep"
)

// EntailVersion is the version of the binary encoding of an Entailment.
const EntailVersion = 1

// The encoding of an Entailment:
//
//	"VEPP" version mode
//	uvarint(n) term×n                      witnesses
//	uvarint(n) step×n                      steps
//	uvarint(n) pure×n                      pure proofs
//	step:  0x01 uvarint(chunk) term        split
//	       0x02 uvarint(a) uvarint(b)      join
//	       0x03 uvarint(chunk)             forget
//	       0x04 uvarint(chunk)             unfold
//	       0x05 uvarint(chunk) uvarint(g)  match
//	       0x06 uvarint(fact) uvarint(g)   fact
//	       0x07 uvarint(chunk) type        fold (type as its printed text)
//	pure:  uvarint(n) (uvarint(fact) uvarint(m) term×m)×n      instances
//	       uvarint(n) (schema uvarint(m) term×m)×n             lemmas
//	       uvarint(len) arith                                  (see MarshalArith)
//	term:  uvarint(len) text, the term as printed, parsed back with sep.ParseTerm
//
// mode is 0 for C-level terms, 1 for bytecode-level terms (registers).
// Every uvarint is minimal; indices are below 2^24.
const (
	stepSplit  = 1
	stepJoin   = 2
	stepForget = 3
	stepUnfold = 4
	stepMatch  = 5
	stepFact   = 6
	stepFold   = 7

	maxIndex    = 1 << 24
	maxTermText = 1 << 14
)

var entailMagic = []byte("VEPP")

// MarshalEntailment returns the binary encoding of p. It returns an error
// for a missing step, term or arithmetic proof, and for a term whose printed
// form does not parse back to the same term.
func MarshalEntailment(p *Entailment) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("entailment: missing proof")
	}
	mode := byte(0)
	visitTerms(p, func(t sep.Term) {
		sep.Walk(t, func(n sep.Node) bool {
			if _, ok := n.(*sep.Reg); ok {
				mode = 1
			}
			return true
		})
	})
	e := &encoder{mode: sep.Mode(mode)}
	b := append([]byte(nil), entailMagic...)
	b = append(b, EntailVersion, mode)
	b = binary.AppendUvarint(b, uint64(len(p.Witnesses)))
	for _, w := range p.Witnesses {
		b = e.term(b, w)
	}
	b = binary.AppendUvarint(b, uint64(len(p.Steps)))
	for _, st := range p.Steps {
		b = e.step(b, st)
	}
	b = binary.AppendUvarint(b, uint64(len(p.Pure)))
	for _, pp := range p.Pure {
		if pp == nil {
			e.fail("missing pure proof")
			break
		}
		b = binary.AppendUvarint(b, uint64(len(pp.Insts)))
		for _, in := range pp.Insts {
			b = e.index(b, in.Fact)
			b = binary.AppendUvarint(b, uint64(len(in.Terms)))
			for _, t := range in.Terms {
				b = e.term(b, t)
			}
		}
		b = binary.AppendUvarint(b, uint64(len(pp.Lemmas)))
		for _, l := range pp.Lemmas {
			b = append(b, byte(l.Schema))
			b = binary.AppendUvarint(b, uint64(len(l.Args)))
			for _, t := range l.Args {
				b = e.term(b, t)
			}
		}
		a, err := MarshalArith(pp.Arith)
		if err != nil {
			e.fail(err.Error())
			break
		}
		b = binary.AppendUvarint(b, uint64(len(a)))
		b = append(b, a...)
	}
	if e.err != nil {
		return nil, e.err
	}
	return b, nil
}

func visitTerms(p *Entailment, fn func(sep.Term)) {
	for _, w := range p.Witnesses {
		if w != nil {
			fn(w)
		}
	}
	for _, st := range p.Steps {
		if s, ok := st.(*SplitChunk); ok && s != nil && s.At != nil {
			fn(s.At)
		}
	}
	for _, pp := range p.Pure {
		if pp == nil {
			continue
		}
		for _, in := range pp.Insts {
			for _, t := range in.Terms {
				if t != nil {
					fn(t)
				}
			}
		}
		for _, l := range pp.Lemmas {
			for _, t := range l.Args {
				if t != nil {
					fn(t)
				}
			}
		}
	}
}

type encoder struct {
	mode sep.Mode
	err  error
}

func (e *encoder) fail(msg string) {
	if e.err == nil {
		e.err = fmt.Errorf("entailment: %s", msg)
	}
}

func (e *encoder) index(b []byte, i int) []byte {
	if i < 0 || i >= maxIndex {
		e.fail(fmt.Sprintf("index %d out of range", i))
		return b
	}
	return binary.AppendUvarint(b, uint64(i))
}

func (e *encoder) term(b []byte, t sep.Term) []byte {
	if t == nil {
		e.fail("missing term")
		return b
	}
	s := t.String()
	if len(s) > maxTermText {
		e.fail(fmt.Sprintf("term of %d bytes", len(s)))
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (e *encoder) step(b []byte, st Step) []byte {
	switch st := st.(type) {
	case *SplitChunk:
		if st != nil {
			b = append(b, stepSplit)
			b = e.index(b, st.Chunk)
			return e.term(b, st.At)
		}
	case *JoinChunks:
		if st != nil {
			b = append(b, stepJoin)
			b = e.index(b, st.A)
			return e.index(b, st.B)
		}
	case *ForgetChunk:
		if st != nil {
			b = append(b, stepForget)
			return e.index(b, st.Chunk)
		}
	case *UnfoldChunk:
		if st != nil {
			b = append(b, stepUnfold)
			return e.index(b, st.Chunk)
		}
	case *MatchChunk:
		if st != nil {
			b = append(b, stepMatch)
			b = e.index(b, st.Chunk)
			return e.index(b, st.Goal)
		}
	case *UseFact:
		if st != nil {
			b = append(b, stepFact)
			b = e.index(b, st.Fact)
			return e.index(b, st.Goal)
		}
	case *FoldChunk:
		if st != nil && st.Type != nil {
			b = append(b, stepFold)
			b = e.index(b, st.Chunk)
			s := st.Type.String()
			b = binary.AppendUvarint(b, uint64(len(s)))
			return append(b, s...)
		}
	}
	e.fail("missing or unknown step")
	return b
}

// UnmarshalEntailment decodes an Entailment, parsing its terms with the
// types of env (nil means sep.Builtin). It returns a *DecodeError for a bad
// magic or unknown version, mode, tag or schema, truncated input, trailing
// bytes, non-minimal integers, out-of-range indices, counts beyond the
// kernel's limits and terms that do not parse.
func UnmarshalEntailment(data []byte, env sep.TypeEnv) (*Entailment, error) {
	d := &entailDecoder{data: data}
	if len(data) < len(entailMagic)+2 || string(data[:len(entailMagic)]) != string(entailMagic) {
		return nil, d.errorf("not an entailment proof (bad magic)")
	}
	d.off = len(entailMagic)
	if v := data[d.off]; v != EntailVersion {
		return nil, d.errorf("unknown version %d", v)
	}
	d.off++
	mode := data[d.off]
	if mode > 1 {
		return nil, d.errorf("unknown mode %d", mode)
	}
	d.off++
	d.cfg = &sep.Config{Mode: sep.Mode(mode), Types: env}
	p := &Entailment{}
	n, err := d.count(MaxWitnesses, 1)
	if err != nil {
		return nil, err
	}
	for range n {
		t, err := d.term()
		if err != nil {
			return nil, err
		}
		p.Witnesses = append(p.Witnesses, t)
	}
	if n, err = d.count(MaxSteps, 2); err != nil {
		return nil, err
	}
	for range n {
		st, err := d.step()
		if err != nil {
			return nil, err
		}
		p.Steps = append(p.Steps, st)
	}
	if n, err = d.count(MaxObligations, 4); err != nil {
		return nil, err
	}
	for range n {
		pp, err := d.pure()
		if err != nil {
			return nil, err
		}
		p.Pure = append(p.Pure, pp)
	}
	if d.off != len(data) {
		return nil, d.errorf("%d trailing bytes", len(data)-d.off)
	}
	return p, nil
}

type entailDecoder struct {
	data []byte
	off  int
	cfg  *sep.Config
}

func (d *entailDecoder) errorf(format string, args ...any) error {
	return &DecodeError{Offset: d.off, Msg: "entailment: " + fmt.Sprintf(format, args...)}
}

func (d *entailDecoder) uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		return 0, d.errorf("truncated or overlong integer")
	}
	if n != len(binary.AppendUvarint(nil, v)) {
		return 0, d.errorf("non-minimal integer")
	}
	d.off += n
	return v, nil
}

// count reads a count of at most limit items of at least minSize bytes each.
func (d *entailDecoder) count(limit, minSize int) (int, error) {
	v, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if v > uint64(limit) || v*uint64(minSize) > uint64(len(d.data)-d.off) {
		return 0, d.errorf("count %d exceeds the limit or the input", v)
	}
	return int(v), nil
}

func (d *entailDecoder) index() (int, error) {
	v, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if v >= maxIndex {
		return 0, d.errorf("index %d out of range", v)
	}
	return int(v), nil
}

func (d *entailDecoder) term() (sep.Term, error) {
	n, err := d.count(maxTermText, 1)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, d.errorf("empty term")
	}
	src := string(d.data[d.off : d.off+n])
	t, err := sep.ParseTerm(src, d.cfg)
	if err != nil {
		return nil, d.errorf("term %q: %v", src, err)
	}
	d.off += n
	return t, nil
}

func (d *entailDecoder) step() (Step, error) {
	if d.off >= len(d.data) {
		return nil, d.errorf("truncated step")
	}
	tag := d.data[d.off]
	d.off++
	var a, b int
	var err error
	switch tag {
	case stepSplit:
		if a, err = d.index(); err != nil {
			return nil, err
		}
		t, err := d.term()
		if err != nil {
			return nil, err
		}
		return &SplitChunk{Chunk: a, At: t}, nil
	case stepFold:
		if a, err = d.index(); err != nil {
			return nil, err
		}
		n, err := d.count(64, 1)
		if err != nil {
			return nil, err
		}
		src := string(d.data[d.off : d.off+n])
		ty, err := sep.ParseType(src, d.cfg)
		if err != nil {
			return nil, d.errorf("type %q: %v", src, err)
		}
		d.off += n
		return &FoldChunk{Chunk: a, Type: ty}, nil
	case stepForget, stepUnfold:
		if a, err = d.index(); err != nil {
			return nil, err
		}
		if tag == stepForget {
			return &ForgetChunk{Chunk: a}, nil
		}
		return &UnfoldChunk{Chunk: a}, nil
	case stepJoin, stepMatch, stepFact:
		if a, err = d.index(); err != nil {
			return nil, err
		}
		if b, err = d.index(); err != nil {
			return nil, err
		}
		switch tag {
		case stepJoin:
			return &JoinChunks{A: a, B: b}, nil
		case stepMatch:
			return &MatchChunk{Chunk: a, Goal: b}, nil
		}
		return &UseFact{Fact: a, Goal: b}, nil
	}
	d.off--
	return nil, d.errorf("unknown step tag %d", tag)
}

func (d *entailDecoder) terms(limit int) ([]sep.Term, error) {
	n, err := d.count(limit, 2)
	if err != nil {
		return nil, err
	}
	out := make([]sep.Term, 0, n)
	for range n {
		t, err := d.term()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (d *entailDecoder) pure() (*PureProof, error) {
	pp := &PureProof{}
	n, err := d.count(MaxInsts, 2)
	if err != nil {
		return nil, err
	}
	for range n {
		f, err := d.index()
		if err != nil {
			return nil, err
		}
		ts, err := d.terms(64)
		if err != nil {
			return nil, err
		}
		pp.Insts = append(pp.Insts, Inst{Fact: f, Terms: ts})
	}
	if n, err = d.count(MaxInsts, 2); err != nil {
		return nil, err
	}
	for range n {
		if d.off >= len(d.data) {
			return nil, d.errorf("truncated lemma")
		}
		s := LemmaSchema(d.data[d.off])
		if s < 1 || s >= numLemmas {
			return nil, d.errorf("unknown lemma schema %d", s)
		}
		d.off++
		ts, err := d.terms(8)
		if err != nil {
			return nil, err
		}
		pp.Lemmas = append(pp.Lemmas, Lemma{Schema: s, Args: ts})
	}
	n, err = d.count(len(d.data), 1)
	if err != nil {
		return nil, err
	}
	a, err := UnmarshalArith(d.data[d.off:d.off+n], 1<<20)
	if err != nil {
		return nil, d.errorf("arith proof: %v", err)
	}
	d.off += n
	pp.Arith = a
	return pp, nil
}
