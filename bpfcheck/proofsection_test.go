package bpfcheck

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"vep/proofs"
)

func TestProofSectionStrict(t *testing.T) {
	obj, ann := assemble(t, xdpPacket)
	obs, err := GenerateVCs(obj, ann)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := proveAll(t, obs)
	good, err := EncodeProofs(ps)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeProofs(good, len(obs), nil); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	badVersion := append([]byte(nil), good...)
	badVersion[4] = 9
	overlong := append(append([]byte(nil), good[:5]...), 0x80|byte(len(obs)), 0x00)
	overlong = append(overlong, good[6:]...)
	huge := binary.AppendUvarint(append([]byte(nil), good[:5]...), 1<<40)
	cases := []struct {
		name string
		data []byte
		want int
		msg  string
	}{
		{"empty", nil, len(obs), "bad magic"},
		{"magic", append([]byte("XEPC"), good[4:]...), len(obs), "bad magic"},
		{"version", badVersion, len(obs), "unknown version"},
		{"count mismatch", good, len(obs) + 1, "proofs for"},
		{"truncated", good[:len(good)-1], len(obs), ""},
		{"trailing", append(append([]byte(nil), good...), 0), len(obs), "trailing"},
		{"non-minimal count", overlong, len(obs), "non-minimal"},
		{"absurd count", huge, 1 << 40, ""},
		{"no count", good[:5], len(obs), "truncated"},
	}
	for _, c := range cases {
		_, err := decodeProofs(c.data, c.want, nil)
		if err == nil {
			t.Errorf("%s: decoded", c.name)
			continue
		}
		if _, ok := err.(*ProofError); !ok {
			t.Errorf("%s: error %T, want *ProofError", c.name, err)
		}
		if !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "at byte") {
			t.Errorf("%s: %v, want %q with an offset", c.name, err, c.msg)
		}
	}
	// Every truncation is an error, never a panic.
	for n := 0; n < len(good); n++ {
		if _, err := decodeProofs(good[:n], len(obs), nil); err == nil {
			t.Errorf("truncation to %d bytes decoded", n)
		}
	}
	if _, err := EncodeProofs([]*proofs.Entailment{nil}); err == nil {
		t.Error("EncodeProofs accepted a missing proof")
	}
	if !bytes.HasPrefix(good, []byte("VEPC\x01")) {
		t.Errorf("header %q", good[:5])
	}
}
