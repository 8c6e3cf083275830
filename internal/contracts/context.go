package contracts

import (
	"fmt"
	"strings"
)

// Widths is a set of access widths in bytes: a bitmask of 1, 2, 4 and 8.
type Widths uint8

// Access widths.
const (
	W1 Widths = 1 << iota
	W2
	W4
	W8

	// Narrow is a read of any power-of-two width up to 4 (the kernel's
	// bpf_ctx_narrow_access_ok for a u32 field).
	Narrow = W1 | W2 | W4
	// AnyWidth is every width.
	AnyWidth = W1 | W2 | W4 | W8
)

// Has reports whether size bytes is one of the widths.
func (w Widths) Has(size int64) bool {
	switch size {
	case 1:
		return w&W1 != 0
	case 2:
		return w&W2 != 0
	case 4:
		return w&W4 != 0
	case 8:
		return w&W8 != 0
	}
	return false
}

// String lists the widths, such as "1,2,4", or "none".
func (w Widths) String() string {
	var s []string
	for _, n := range []int64{1, 2, 4, 8} {
		if w.Has(n) {
			s = append(s, fmt.Sprint(n))
		}
	}
	if s == nil {
		return "none"
	}
	return strings.Join(s, ",")
}

// FieldKind says what loading a context field yields.
type FieldKind int

// Field kinds.
const (
	// Scalar fields load an unknown integer of the access width.
	Scalar FieldKind = iota
	// PacketData loads the packet start (PTR_TO_PACKET).
	PacketData
	// PacketEnd loads the packet end (PTR_TO_PACKET_END).
	PacketEnd
	// PacketMeta loads the metadata start, just before the packet
	// (PTR_TO_PACKET_META).
	PacketMeta
)

var fieldKindNames = [...]string{"scalar", "packet data", "packet end", "packet meta"}

// String names the kind.
func (k FieldKind) String() string {
	if k >= 0 && int(k) < len(fieldKindNames) {
		return fieldKindNames[k]
	}
	return fmt.Sprintf("FieldKind(%d)", int(k))
}

// Field is a range of context bytes that may be accessed. An access of
// size bytes at offset off is allowed when off is a multiple of size, the
// bytes [off, off+size) lie inside the field, and size is one of Read (for
// a load) or Write (for a store). A field may cover several C members with
// the same rule (cb[0] … cb[4], remote_ip6[0] … [3]).
type Field struct {
	Name   string
	Offset int64
	Size   int64
	Read   Widths
	Write  Widths
	Kind   FieldKind
}

// Context is a program type's context: the struct R1 points to at entry.
type Context struct {
	// Struct is the C struct name, such as "__sk_buff"; "" for contexts
	// without a UAPI struct (tracepoint records, raw tracepoint args).
	Struct string
	// Size is the size of the context in bytes.
	Size int64
	// Fields are the accessible ranges, sorted by offset, disjoint.
	// Bytes outside every field may not be accessed at all.
	Fields []Field
}

// Access checks a load (write false) or store (write true) of size bytes at
// offset off of the context and returns the field it touches. The error
// says why the kernel would reject the access.
func (c *Context) Access(off, size int64, write bool) (*Field, error) {
	what := "read"
	if write {
		what = "write"
	}
	name := c.Struct
	if name == "" {
		name = "context"
	} else {
		name = "struct " + name
	}
	if size != 1 && size != 2 && size != 4 && size != 8 {
		return nil, fmt.Errorf("%d-byte %s of %s: access width must be 1, 2, 4 or 8", size, what, name)
	}
	if off < 0 || off >= c.Size {
		return nil, fmt.Errorf("%d-byte %s at offset %d is outside %s (%d bytes)", size, what, off, name, c.Size)
	}
	if off%size != 0 {
		return nil, fmt.Errorf("%d-byte %s at offset %d of %s is misaligned", size, what, off, name)
	}
	for i := range c.Fields {
		f := &c.Fields[i]
		if off < f.Offset || off >= f.Offset+f.Size {
			continue
		}
		if off+size > f.Offset+f.Size {
			return nil, fmt.Errorf("%d-byte %s at offset %d runs past field %s of %s", size, what, off, f.Name, name)
		}
		allowed := f.Read
		if write {
			allowed = f.Write
		}
		if allowed == 0 {
			return nil, fmt.Errorf("field %s of %s is not writable", f.Name, name)
		}
		if !allowed.Has(size) {
			return nil, fmt.Errorf("%d-byte %s of field %s of %s: allowed widths are %s", size, what, f.Name, name, allowed)
		}
		return f, nil
	}
	return nil, fmt.Errorf("offset %d of %s may not be accessed by this program type", off, name)
}

// Field returns the field called name.
func (c *Context) Field(name string) (*Field, bool) {
	for i := range c.Fields {
		if c.Fields[i].Name == name {
			return &c.Fields[i], true
		}
	}
	return nil, false
}

// PacketFields returns the fields that load packet pointers.
func (c *Context) PacketFields() []*Field {
	var out []*Field
	for i := range c.Fields {
		if c.Fields[i].Kind != Scalar {
			out = append(out, &c.Fields[i])
		}
	}
	return out
}
