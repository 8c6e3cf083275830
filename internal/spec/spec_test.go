package spec

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

var sample = []Entry{
	{"xdp", 0, Contract, "Require ctx(R1)"},
	{"xdp", 0, Invariant, "Inv 0 <= R2"},
	{"xdp", 7, Assertion, "R0 == 2"},
	{"xdp", 7, Assertion, "R1 == 2"},
	{".text", 3, Contract, "With l Require chars(R1, R2, l)"},
	{".text", 300, Invariant, "Inv: R3 < 16 Variant 16 - R3 — ü"},
}

func TestRoundTrip(t *testing.T) {
	for _, entries := range [][]Entry{nil, sample[:1], sample} {
		b, err := Encode(entries)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode(Encode(%v)): %v", entries, err)
		}
		if !reflect.DeepEqual(entries, got) {
			t.Errorf("round trip: got %v, want %v", got, entries)
		}
	}
}

func TestEncodeLayout(t *testing.T) {
	b, err := Encode([]Entry{{"xdp", 2, Assertion, "a"}, {"xdp", 130, Invariant, ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("VEPS\x01\x01\x03xdp\x02\x02\x03\x01a\x80\x01\x02\x00")
	if !bytes.Equal(b, want) {
		t.Errorf("Encode = %q, want %q", b, want)
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries []Entry
	}{
		{"empty section", []Entry{{"", 0, Contract, ""}}},
		{"negative index", []Entry{{"xdp", -1, Contract, ""}}},
		{"index too large", []Entry{{"xdp", MaxIndex + 1, Contract, ""}}},
		{"kind zero", []Entry{{"xdp", 0, 0, ""}}},
		{"kind four", []Entry{{"xdp", 0, 4, ""}}},
		{"bad utf8 text", []Entry{{"xdp", 0, Assertion, "\xff"}}},
		{"bad utf8 name", []Entry{{"x\xff", 0, Assertion, ""}}},
		{"index order", []Entry{{"xdp", 2, Assertion, ""}, {"xdp", 1, Assertion, ""}}},
		{"kind order", []Entry{{"xdp", 1, Assertion, ""}, {"xdp", 1, Contract, ""}}},
		{"not contiguous", []Entry{{"a", 1, Assertion, ""}, {"b", 1, Assertion, ""}, {"a", 2, Assertion, ""}}},
	} {
		if _, err := Encode(tc.entries); err == nil {
			t.Errorf("%s: Encode succeeded", tc.name)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		offset int
	}{
		{"empty", "", 0},
		{"bad magic", "VEPX\x01\x00", 0},
		{"missing version", "VEPS", 4},
		{"unknown version", "VEPS\x02\x00", 4},
		{"missing count", "VEPS\x01", 5},
		{"trailing", "VEPS\x01\x00\x00", 6},
		{"absurd sections", "VEPS\x01\x05\x03xdp", 5},
		{"huge sections", "VEPS\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 5},
		{"varint overflow", "VEPS\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 5},
		{"non-minimal", "VEPS\x01\x81\x00", 5},
		{"name too long", "VEPS\x01\x01\x09xdp\x00\x00\x00", 6},
		{"empty name", "VEPS\x01\x01\x00\x01\x00\x01\x00", 6},
		{"no entries", "VEPS\x01\x01\x03xdp\x00", 10},
		{"absurd entries", "VEPS\x01\x01\x03xdp\x02\x00\x01\x00", 10},
		{"truncated kind", "VEPS\x01\x01\x03xdp\x01\x80\x80\x01", 14},
		{"kind zero", "VEPS\x01\x01\x03xdp\x01\x00\x00\x00", 12},
		{"kind four", "VEPS\x01\x01\x03xdp\x01\x00\x04\x00", 12},
		{"truncated text", "VEPS\x01\x01\x03xdp\x01\x00\x01\x05ab", 13},
		{"bad utf8", "VEPS\x01\x01\x03xdp\x01\x00\x01\x01\xff", 14},
		{"kind order", "VEPS\x01\x01\x03xdp\x02\x00\x03\x00\x00\x01\x00", 15},
		{"index too large", "VEPS\x01\x01\x03xdp\x02\xff\xff\xff\xff\x07\x01\x00\x01\x01\x00", 18},
		{"repeated section", "VEPS\x01\x02\x01a\x01\x00\x01\x00\x01a\x01\x00\x01\x00", 12},
	} {
		_, err := Decode([]byte(tc.in))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: Decode error = %v, want *DecodeError", tc.name, err)
			continue
		}
		if de.Offset != tc.offset {
			t.Errorf("%s: offset %d, want %d (%v)", tc.name, de.Offset, tc.offset, err)
		}
	}
}

// TestDecodeAcceptsNeighbours checks that inputs one change away from the
// rejected ones above are accepted, so each check rejects exactly its case.
func TestDecodeAcceptsNeighbours(t *testing.T) {
	for _, in := range []string{
		"VEPS\x01\x00",
		"VEPS\x01\x01\x03xdp\x01\x00\x01\x00",
		"VEPS\x01\x01\x03xdp\x01\x00\x03\x02ab",
		"VEPS\x01\x01\x03xdp\x02\x00\x01\x00\x00\x03\x00",
		"VEPS\x01\x01\x03xdp\x02\xff\xff\xff\xff\x07\x01\x00\x00\x01\x00",
		"VEPS\x01\x02\x01a\x01\x00\x01\x00\x01b\x01\x00\x01\x00",
	} {
		if _, err := Decode([]byte(in)); err != nil {
			t.Errorf("Decode(%q): %v", in, err)
		}
	}
}

func TestSort(t *testing.T) {
	in := []Entry{
		{"b", 5, Assertion, "1"},
		{"a", 3, Assertion, "2"},
		{"b", 5, Contract, "3"},
		{"b", 1, Assertion, "4"},
		{"b", 5, Assertion, "5"},
	}
	Sort(in)
	want := []Entry{
		{"b", 1, Assertion, "4"},
		{"b", 5, Contract, "3"},
		{"b", 5, Assertion, "1"},
		{"b", 5, Assertion, "5"},
		{"a", 3, Assertion, "2"},
	}
	if !reflect.DeepEqual(want, in) {
		t.Errorf("Sort: got %v, want %v", in, want)
	}
	if _, err := Encode(in); err != nil {
		t.Errorf("Encode(sorted): %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := Encode(sample)
	f.Add(b)
	f.Add([]byte("VEPS\x01\x00"))
	f.Add([]byte("VEPS\x01\x01\x03xdp\x01\x00\x01\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		entries, err := Decode(in)
		if err != nil {
			return
		}
		// Whatever decodes must re-encode to the same bytes: the encoding
		// is canonical.
		out, err := Encode(entries)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)): %v", in, err)
		}
		if !bytes.Equal(in, out) {
			t.Fatalf("Encode(Decode(%q)) = %q", in, out)
		}
	})
}
