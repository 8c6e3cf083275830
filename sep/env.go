package sep

// A TypeEnv resolves the type names an annotation may use. The C front end
// provides one built from the program's typedefs and struct definitions;
// Builtin knows the fixed-width names only.
type TypeEnv interface {
	// Typedef returns the type a typedef name denotes (u32, __u32, a
	// program's own typedefs). C keywords such as int are not typedefs.
	Typedef(name string) (Type, bool)
	// Struct returns the layout of struct name.
	Struct(name string) (*StructLayout, bool)
}

// StructLayout is the layout of a complete struct type.
type StructLayout struct {
	Name   string
	Size   int64
	Align  int64
	Fields []StructField
}

// StructField is one field of a struct. BitSize is zero unless the field is a
// bit-field, which then occupies BitSize bits starting BitOffset bits into
// the storage unit at Offset.
type StructField struct {
	Name      string
	Offset    int64
	Type      Type
	BitOffset int
	BitSize   int
}

// Builtin is the TypeEnv of the fixed-width names: u8 … u64, s8 … s64, the
// kernel spellings __u8 … __s64, __be16/32/64, __le16/32/64, __wsum, and
// uint8_t … int64_t, size_t. It defines no structs.
var Builtin TypeEnv = builtinEnv{}

type builtinEnv struct{}

var builtinTypedefs = map[string]Type{
	"u8": U8, "u16": U16, "u32": U32, "u64": U64,
	"s8": S8, "s16": S16, "s32": S32, "s64": S64,
	"__u8": U8, "__u16": U16, "__u32": U32, "__u64": U64,
	"__s8": S8, "__s16": S16, "__s32": S32, "__s64": S64,
	"__be16": U16, "__be32": U32, "__be64": U64,
	"__le16": U16, "__le32": U32, "__le64": U64,
	"__wsum": U32, "__sum16": U16,
	"uint8_t": U8, "uint16_t": U16, "uint32_t": U32, "uint64_t": U64,
	"int8_t": S8, "int16_t": S16, "int32_t": S32, "int64_t": S64,
	"size_t": U64, "ssize_t": S64, "uintptr_t": U64,
}

// Typedef implements TypeEnv.
func (builtinEnv) Typedef(name string) (Type, bool) {
	t, ok := builtinTypedefs[name]
	return t, ok
}

// Struct implements TypeEnv.
func (builtinEnv) Struct(string) (*StructLayout, bool) { return nil, false }

// StructTable is a simple TypeEnv backed by maps; names it does not define
// fall back to Builtin. The zero value is Builtin.
type StructTable struct {
	Typedefs map[string]Type
	Structs  map[string]*StructLayout
}

// Typedef looks name up in t.Typedefs, then in Builtin.
func (t *StructTable) Typedef(name string) (Type, bool) {
	if ty, ok := t.Typedefs[name]; ok {
		return ty, true
	}
	return Builtin.Typedef(name)
}

// Struct looks name up in t.Structs.
func (t *StructTable) Struct(name string) (*StructLayout, bool) {
	l, ok := t.Structs[name]
	return l, ok
}

// KernelStructs returns a StructTable with the kernel layouts of struct
// ethhdr, struct iphdr (little-endian bit-fields ihl and version) and struct
// udphdr, for tests and examples.
func KernelStructs() *StructTable {
	return &StructTable{Structs: map[string]*StructLayout{
		"ethhdr": {Name: "ethhdr", Size: 14, Align: 2, Fields: []StructField{
			{Name: "h_dest", Offset: 0, Type: &ArrayType{Elem: U8, Len: 6}},
			{Name: "h_source", Offset: 6, Type: &ArrayType{Elem: U8, Len: 6}},
			{Name: "h_proto", Offset: 12, Type: U16},
		}},
		"iphdr": {Name: "iphdr", Size: 20, Align: 4, Fields: []StructField{
			{Name: "ihl", Offset: 0, Type: U8, BitOffset: 0, BitSize: 4},
			{Name: "version", Offset: 0, Type: U8, BitOffset: 4, BitSize: 4},
			{Name: "tos", Offset: 1, Type: U8},
			{Name: "tot_len", Offset: 2, Type: U16},
			{Name: "id", Offset: 4, Type: U16},
			{Name: "frag_off", Offset: 6, Type: U16},
			{Name: "ttl", Offset: 8, Type: U8},
			{Name: "protocol", Offset: 9, Type: U8},
			{Name: "check", Offset: 10, Type: U16},
			{Name: "saddr", Offset: 12, Type: U32},
			{Name: "daddr", Offset: 16, Type: U32},
		}},
		"udphdr": {Name: "udphdr", Size: 8, Align: 2, Fields: []StructField{
			{Name: "source", Offset: 0, Type: U16},
			{Name: "dest", Offset: 2, Type: U16},
			{Name: "len", Offset: 4, Type: U16},
			{Name: "check", Offset: 6, Type: U16},
		}},
	}}
}
