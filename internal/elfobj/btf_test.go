package elfobj

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// btfBuilder encodes raw BTF for tests. Type ids start at 1 in the order
// the types are added.
type btfBuilder struct {
	types []byte
	strs  []byte
	n     uint32
}

func newBTFBuilder() *btfBuilder { return &btfBuilder{strs: []byte{0}} }

func (b *btfBuilder) str(s string) uint32 {
	if s == "" {
		return 0
	}
	off := uint32(len(b.strs))
	b.strs = append(append(b.strs, s...), 0)
	return off
}

func (b *btfBuilder) add(name string, kind uint8, vlen int, sizeType uint32, extra ...uint32) uint32 {
	le := binary.LittleEndian
	b.types = le.AppendUint32(b.types, b.str(name))
	b.types = le.AppendUint32(b.types, uint32(kind)<<24|uint32(vlen))
	b.types = le.AppendUint32(b.types, sizeType)
	for _, x := range extra {
		b.types = le.AppendUint32(b.types, x)
	}
	b.n++
	return b.n
}

func (b *btfBuilder) intType(size uint32) uint32 {
	return b.add("int", btfInt, 0, size, size*8)
}

func (b *btfBuilder) array(elem, n uint32) uint32 {
	return b.add("", btfArray, 0, 0, elem, elem, n)
}

func (b *btfBuilder) ptr(to uint32) uint32 { return b.add("", btfPtr, 0, to) }

// member is a struct member: name and type id.
type member struct {
	name string
	typ  uint32
}

func (b *btfBuilder) structType(name string, members ...member) uint32 {
	var extra []uint32
	for i, m := range members {
		extra = append(extra, b.str(m.name), m.typ, uint32(64*i))
	}
	return b.add(name, btfStruct, len(members), uint32(8*len(members)), extra...)
}

func (b *btfBuilder) bytes() []byte {
	le := binary.LittleEndian
	var h []byte
	h = le.AppendUint16(h, btfMagic)
	h = append(h, 1, 0)
	h = le.AppendUint32(h, btfHeaderLen)
	h = le.AppendUint32(h, 0)
	h = le.AppendUint32(h, uint32(len(b.types)))
	h = le.AppendUint32(h, uint32(len(b.types)))
	h = le.AppendUint32(h, uint32(len(b.strs)))
	return append(append(h, b.types...), b.strs...)
}

func TestBTFMapDef(t *testing.T) {
	tests := []struct {
		name    string
		members func(b *btfBuilder) []member
		want    *Map
		err     string
	}{
		{
			name: "uint-and-type",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				u := func(v uint32) uint32 { return b.ptr(b.array(i, v)) }
				return []member{
					{"type", u(1)}, {"max_entries", u(10)}, {"map_flags", u(1)},
					{"key", b.ptr(b.array(b.intType(1), 6))},
					{"value", b.ptr(b.add("t", btfTypedef, 0, b.add("", btfConst, 0, b.intType(8))))},
				}
			},
			want: &Map{Name: "m", Type: 1, MaxEntries: 10, Flags: 1, KeySize: 6, ValueSize: 8},
		},
		{
			name: "sizes",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				u := func(v uint32) uint32 { return b.ptr(b.array(i, v)) }
				return []member{{"type", u(4)}, {"key_size", u(4)}, {"value_size", u(4)}}
			},
			want: &Map{Name: "m", Type: 4, KeySize: 4, ValueSize: 4},
		},
		{
			name: "uint-not-pointer",
			members: func(b *btfBuilder) []member {
				return []member{{"type", b.array(b.intType(4), 2)}}
			},
			err: `member "type": not a pointer to an array`,
		},
		{
			name: "uint-pointer-to-int",
			members: func(b *btfBuilder) []member {
				return []member{{"type", b.ptr(b.intType(4))}}
			},
			err: `member "type": not a pointer to an array`,
		},
		{
			name: "key-not-pointer",
			members: func(b *btfBuilder) []member {
				return []member{{"key", b.intType(4)}}
			},
			err: `member "key": not a pointer`,
		},
		{
			name: "key-void",
			members: func(b *btfBuilder) []member {
				return []member{{"key", b.ptr(0)}}
			},
			err: `member "key": type 0 has no size`,
		},
		{
			name: "key-and-key-size",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				return []member{{"key", b.ptr(i)}, {"key_size", b.ptr(b.array(i, 4))}}
			},
			err: "both a type and a size",
		},
		{
			name: "duplicate",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				return []member{{"max_entries", b.ptr(b.array(i, 1))}, {"max_entries", b.ptr(b.array(i, 2))}}
			},
			err: `member "max_entries" given twice`,
		},
		{
			name: "unknown",
			members: func(b *btfBuilder) []member {
				return []member{{"pinning", b.ptr(b.array(b.intType(4), 1))}}
			},
			err: `unsupported member "pinning"`,
		},
		{
			name: "huge-value",
			members: func(b *btfBuilder) []member {
				return []member{{"value", b.ptr(b.array(b.array(b.intType(8), 1<<20), 1<<20))}}
			},
			err: "array too large",
		},
		{
			name: "modifier-loop",
			members: func(b *btfBuilder) []member {
				// Type n+1 is a typedef of itself.
				return []member{{"value", b.ptr(b.add("loop", btfTypedef, 0, b.n+1))}}
			},
			err: "modifier chain too long",
		},
		{
			name: "map-in-map",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				u := func(v uint32) uint32 { return b.ptr(b.array(i, v)) }
				inner := b.structType("in", member{"type", u(2)}, member{"key", b.ptr(i)}, member{"value", b.ptr(i)}, member{"max_entries", u(1)})
				return []member{{"type", u(12)}, {"key_size", u(4)}, {"values", b.array(b.ptr(inner), 0)}}
			},
			want: &Map{Name: "m", Type: 12, KeySize: 4, ValueSize: 4,
				Inner: &Map{Name: "in", Type: 2, KeySize: 4, ValueSize: 4, MaxEntries: 1}},
		},
		{
			name: "values-not-last",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				inner := b.structType("in")
				return []member{{"type", b.ptr(b.array(i, 12))}, {"values", b.array(b.ptr(inner), 0)}, {"key", b.ptr(i)}}
			},
			err: "must be the last member",
		},
		{
			name: "values-bad-value-size",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				inner := b.structType("in")
				return []member{{"type", b.ptr(b.array(i, 12))}, {"value", b.ptr(b.intType(8))}, {"values", b.array(b.ptr(inner), 0)}}
			},
			err: "map-in-map value size 8, want 4",
		},
		{
			name: "values-not-struct",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				return []member{{"type", b.ptr(b.array(i, 13))}, {"values", b.array(b.ptr(i), 0)}}
			},
			err: "do not point to a map definition struct",
		},
		{
			name: "values-nested",
			members: func(b *btfBuilder) []member {
				i := b.intType(4)
				u := func(v uint32) uint32 { return b.ptr(b.array(i, v)) }
				leaf := b.structType("leaf", member{"type", u(2)})
				mid := b.structType("mid", member{"type", u(12)}, member{"values", b.array(b.ptr(leaf), 0)})
				return []member{{"type", u(12)}, {"values", b.array(b.ptr(mid), 0)}}
			},
			err: "nested inner maps",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBTFBuilder()
			ms := tc.members(b)
			st := b.structType("", ms...)
			spec, err := parseBTF(b.bytes())
			if err != nil {
				t.Fatal(err)
			}
			got, err := spec.btfMapDef("m", st, false)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseBTFErrors(t *testing.T) {
	good := func() []byte {
		b := newBTFBuilder()
		b.structType("s", member{"a", b.intType(4)})
		return b.bytes()
	}
	tests := []struct {
		name string
		edit func(b []byte) []byte
		err  string
	}{
		{"short", func(b []byte) []byte { return b[:10] }, "truncated header"},
		{"version", func(b []byte) []byte { b[2] = 2; return b }, "unsupported version 2"},
		{"hdr-len", func(b []byte) []byte { b[4] = 200; return b }, "bad header length"},
		{"types-beyond", func(b []byte) []byte { b[12] = 0xff; b[13] = 0xff; return b }, "out of bounds"},
		{"kind", func(b []byte) []byte { b[btfHeaderLen+7] = 31; return b }, "unknown kind 31"},
		{"name", func(b []byte) []byte { b[btfHeaderLen] = 0xff; return b }, "string offset 255 out of bounds"},
		{"vlen", func(b []byte) []byte {
			// The struct is the second type; claim many members.
			b[btfHeaderLen+16+4] = 0xff
			return b
		}, "truncated"},
		{"unterminated", func(b []byte) []byte { return b[:len(b)-1] }, "out of bounds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseBTF(good()); err != nil {
				t.Fatal(err)
			}
			_, err := parseBTF(tc.edit(good()))
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got error %v, want one containing %q", err, tc.err)
			}
		})
	}
}
