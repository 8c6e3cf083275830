package spec

import (
	"fmt"
	"unicode/utf8"
)

// DecodeError reports where and why decoding failed.
type DecodeError struct {
	Offset int // byte offset into the encoding
	Msg    string
}

// Error returns "spec: offset N: message".
func (e *DecodeError) Error() string {
	return fmt.Sprintf("spec: offset %d: %s", e.Offset, e.Msg)
}

// minEntrySize is the size of the shortest encoded entry: a one-byte delta,
// the kind and a one-byte empty text length.
const minEntrySize = 3

// minSectionSize is the size of the shortest encoded section: a name of one
// byte with its length and an entry count.
const minSectionSize = 3

// Decode returns the entries of a binary encoding, in canonical order. It
// returns a *DecodeError for any encoding that Encode would not produce.
func Decode(b []byte) ([]Entry, error) {
	d := decoder{b: b}
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, d.errorf("bad magic, want %q", magic)
	}
	d.off = len(magic)
	if d.off >= len(b) {
		return nil, d.errorf("truncated: missing version")
	}
	if v := b[d.off]; v != version {
		return nil, d.errorf("unknown version %d, want %d", v, version)
	}
	d.off++

	nsec, err := d.count(minSectionSize, "section")
	if err != nil {
		return nil, err
	}
	var entries []Entry
	seen := make(map[string]bool)
	for range nsec {
		start := d.off
		name, err := d.string("section name")
		if err != nil {
			return nil, err
		}
		if name == "" {
			return nil, &DecodeError{start, "empty section name"}
		}
		if seen[name] {
			return nil, &DecodeError{start, fmt.Sprintf("section %q repeated", name)}
		}
		seen[name] = true
		cstart := d.off
		n, err := d.count(minEntrySize, "entry")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, &DecodeError{cstart, fmt.Sprintf("section %q has no entries", name)}
		}
		index := 0
		var prevKind Kind
		for j := range n {
			start := d.off
			delta, err := d.uvarint("index")
			if err != nil {
				return nil, err
			}
			if delta > uint64(MaxIndex-index) {
				return nil, &DecodeError{start, fmt.Sprintf("index exceeds %d", MaxIndex)}
			}
			index += int(delta)
			if d.off >= len(d.b) {
				return nil, d.errorf("truncated: missing kind")
			}
			k := Kind(d.b[d.off])
			if !k.Valid() {
				return nil, d.errorf("unknown kind %d", uint8(k))
			}
			if j > 0 && delta == 0 && k < prevKind {
				return nil, d.errorf("%s after %s at the same index %d", k, prevKind, index)
			}
			d.off++
			prevKind = k
			text, err := d.string("text")
			if err != nil {
				return nil, err
			}
			entries = append(entries, Entry{Section: name, Index: index, Kind: k, Text: text})
		}
	}
	if d.off != len(b) {
		return nil, d.errorf("%d trailing bytes", len(b)-d.off)
	}
	return entries, nil
}

// decoder reads from b at off.
type decoder struct {
	b   []byte
	off int
}

// errorf returns a DecodeError at the current offset.
func (d *decoder) errorf(format string, args ...any) error {
	return &DecodeError{d.off, fmt.Sprintf(format, args...)}
}

// uvarint reads a minimal unsigned LEB128 varint of at most 64 bits.
func (d *decoder) uvarint(what string) (uint64, error) {
	start := d.off
	var x uint64
	for i := 0; ; i++ {
		if d.off >= len(d.b) {
			return 0, &DecodeError{start, "truncated " + what}
		}
		c := d.b[d.off]
		d.off++
		if i == 9 && c > 1 {
			return 0, &DecodeError{start, what + " overflows 64 bits"}
		}
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, &DecodeError{start, what + " is not minimally encoded"}
			}
			return x, nil
		}
	}
}

// count reads a count of items of at least size bytes each and rejects it
// if the remaining input cannot hold that many.
func (d *decoder) count(size int, what string) (int, error) {
	start := d.off
	n, err := d.uvarint(what + " count")
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.b)-d.off)/uint64(size) {
		return 0, &DecodeError{start, fmt.Sprintf("%s count %d exceeds the remaining %d bytes", what, n, len(d.b)-d.off)}
	}
	return int(n), nil
}

// string reads a length-prefixed UTF-8 string.
func (d *decoder) string(what string) (string, error) {
	start := d.off
	n, err := d.uvarint(what + " length")
	if err != nil {
		return "", err
	}
	if n > uint64(len(d.b)-d.off) {
		return "", &DecodeError{start, fmt.Sprintf("%s length %d exceeds the remaining %d bytes", what, n, len(d.b)-d.off)}
	}
	s := string(d.b[d.off : d.off+int(n)])
	if !utf8.ValidString(s) {
		return "", &DecodeError{d.off, what + " is not valid UTF-8"}
	}
	d.off += int(n)
	return s, nil
}
