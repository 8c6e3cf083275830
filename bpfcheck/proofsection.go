package bpfcheck

import (
	"encoding/binary"
	"fmt"

	"vep/proofs"
	"vep/sep"
)

// ProofSectionName is the ELF section that carries the proofs.
const ProofSectionName = ".vep.proof"

// ProofVersion is the version of the ".vep.proof" encoding.
//
// The encoding is: the magic "VEPC", one version byte, the number of
// obligations as a minimal unsigned varint, then per obligation, in the
// order GenerateVCs derives them, the length of its proof as a minimal
// varint followed by the proof's proofs.MarshalEntailment encoding.
const ProofVersion = 1

var proofMagic = []byte("VEPC")

// ProofError reports a malformed ".vep.proof" section at a byte offset.
type ProofError struct {
	Offset int
	Msg    string
}

func (e *ProofError) Error() string {
	return fmt.Sprintf("%s: at byte %d: %s", ProofSectionName, e.Offset, e.Msg)
}

// EncodeProofs returns the ".vep.proof" section for proofs, one per
// obligation in GenerateVCs order. It returns an error for a missing proof
// or one the proofs codec cannot encode.
func EncodeProofs(ps []*proofs.Entailment) ([]byte, error) {
	b := append([]byte(nil), proofMagic...)
	b = append(b, ProofVersion)
	b = binary.AppendUvarint(b, uint64(len(ps)))
	for i, p := range ps {
		e, err := proofs.MarshalEntailment(p)
		if err != nil {
			return nil, fmt.Errorf("proof %d: %w", i, err)
		}
		b = binary.AppendUvarint(b, uint64(len(e)))
		b = append(b, e...)
	}
	if len(b) > MaxProofBytes {
		return nil, fmt.Errorf("%s: %d bytes exceed the limit of %d", ProofSectionName, len(b), MaxProofBytes)
	}
	return b, nil
}

// uvarint reads a minimal unsigned varint at off.
func uvarint(data []byte, off int) (uint64, int, error) {
	v, n := binary.Uvarint(data[off:])
	if n <= 0 {
		return 0, 0, &ProofError{off, "truncated or overlong integer"}
	}
	if n > 1 && data[off+n-1] == 0 {
		return 0, 0, &ProofError{off, "non-minimal integer"}
	}
	return v, off + n, nil
}

// decodeProofs decodes the section, which must hold exactly want proofs.
func decodeProofs(data []byte, want int, env sep.TypeEnv) ([]*proofs.Entailment, error) {
	ps, _, err := decodeProofSizes(data, want, env)
	return ps, err
}

// decodeProofSizes is decodeProofs that also returns each proof's size.
func decodeProofSizes(data []byte, want int, env sep.TypeEnv) ([]*proofs.Entailment, []int, error) {
	if len(data) > MaxProofBytes {
		return nil, nil, &ProofError{0, fmt.Sprintf("%d bytes exceed the limit of %d", len(data), MaxProofBytes)}
	}
	if len(data) < len(proofMagic)+1 || string(data[:len(proofMagic)]) != string(proofMagic) {
		return nil, nil, &ProofError{0, "bad magic"}
	}
	off := len(proofMagic)
	if data[off] != ProofVersion {
		return nil, nil, &ProofError{off, fmt.Sprintf("unknown version %d", data[off])}
	}
	off++
	n, off, err := uvarint(data, off)
	if err != nil {
		return nil, nil, err
	}
	if n != uint64(want) {
		return nil, nil, &ProofError{off, fmt.Sprintf("%d proofs for %d verification conditions", n, want)}
	}
	if n > uint64(len(data)-off) {
		return nil, nil, &ProofError{off, "count larger than the section"}
	}
	out := make([]*proofs.Entailment, 0, n)
	sizes := make([]int, 0, n)
	for i := uint64(0); i < n; i++ {
		l, next, err := uvarint(data, off)
		if err != nil {
			return nil, nil, err
		}
		if l > uint64(len(data)-next) {
			return nil, nil, &ProofError{off, fmt.Sprintf("proof %d: length %d runs past the end", i, l)}
		}
		p, err := proofs.UnmarshalEntailment(data[next:next+int(l)], env)
		if err != nil {
			return nil, nil, &ProofError{next, fmt.Sprintf("proof %d: %v", i, err)}
		}
		out = append(out, p)
		sizes = append(sizes, int(l))
		off = next + int(l)
	}
	if off != len(data) {
		return nil, nil, &ProofError{off, fmt.Sprintf("%d trailing bytes", len(data)-off)}
	}
	return out, sizes, nil
}
