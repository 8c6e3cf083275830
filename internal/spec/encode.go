package spec

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// magic starts every encoding; version is the only version this package
// reads and writes.
const (
	magic   = "VEPS"
	version = 1
)

// Encode returns the binary encoding of entries. It returns an error if the
// entries are not in canonical order (see Sort), if an entry has an empty
// section name, an index outside [0, MaxIndex], an unknown kind, or a
// section name or text that is not valid UTF-8.
func Encode(entries []Entry) ([]byte, error) {
	// Group the entries into sections, checking the canonical order.
	type group struct {
		name    string
		entries []Entry
	}
	var groups []group
	seen := make(map[string]bool)
	for i, e := range entries {
		if err := check(e); err != nil {
			return nil, fmt.Errorf("spec: entry %d: %v", i, err)
		}
		if len(groups) == 0 || groups[len(groups)-1].name != e.Section {
			if seen[e.Section] {
				return nil, fmt.Errorf("spec: entry %d: entries of section %q are not contiguous", i, e.Section)
			}
			seen[e.Section] = true
			groups = append(groups, group{name: e.Section})
		} else if prev := entries[i-1]; !inOrder(prev, e) {
			return nil, fmt.Errorf("spec: entry %d: %s at index %d follows %s at index %d", i, e.Kind, e.Index, prev.Kind, prev.Index)
		}
		g := &groups[len(groups)-1]
		g.entries = append(g.entries, e)
	}

	b := append([]byte(magic), version)
	b = binary.AppendUvarint(b, uint64(len(groups)))
	for _, g := range groups {
		b = appendString(b, g.name)
		b = binary.AppendUvarint(b, uint64(len(g.entries)))
		prev := 0
		for _, e := range g.entries {
			b = binary.AppendUvarint(b, uint64(e.Index-prev))
			b = append(b, byte(e.Kind))
			b = appendString(b, e.Text)
			prev = e.Index
		}
	}
	return b, nil
}

// check validates one entry on its own.
func check(e Entry) error {
	switch {
	case e.Section == "":
		return fmt.Errorf("empty section name")
	case !utf8.ValidString(e.Section):
		return fmt.Errorf("section name is not valid UTF-8")
	case e.Index < 0 || e.Index > MaxIndex:
		return fmt.Errorf("index %d out of range [0, %d]", e.Index, MaxIndex)
	case !e.Kind.Valid():
		return fmt.Errorf("unknown kind %d", uint8(e.Kind))
	case !utf8.ValidString(e.Text):
		return fmt.Errorf("text is not valid UTF-8")
	}
	return nil
}

// inOrder reports whether b may follow a in the same section.
func inOrder(a, b Entry) bool {
	return a.Index < b.Index || a.Index == b.Index && a.Kind <= b.Kind
}

// appendString appends s with its length.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
