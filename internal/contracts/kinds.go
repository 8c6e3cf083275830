package contracts

import "fmt"

// ArgKind is the kind of a helper argument, named after the kernel's enum
// bpf_arg_type (include/linux/bpf.h); it says what the kernel verifier
// checks for the argument register.
type ArgKind int

// Argument kinds.
const (
	// ArgDontCare: the register is not passed (ARG_DONTCARE); vep treats
	// it as not read.
	ArgDontCare ArgKind = iota
	// ArgAnything: any initialised scalar (ARG_ANYTHING).
	ArgAnything
	// ArgConstMapPtr: a map, loaded with a map relocation (ARG_CONST_MAP_PTR).
	ArgConstMapPtr
	// ArgPtrToMapKey: key_size(map) readable bytes (ARG_PTR_TO_MAP_KEY).
	ArgPtrToMapKey
	// ArgPtrToMapValue: value_size(map) readable bytes (ARG_PTR_TO_MAP_VALUE).
	ArgPtrToMapValue
	// ArgPtrToCtx: the program's context pointer, unmodified (ARG_PTR_TO_CTX).
	ArgPtrToCtx
	// ArgPtrToMem: readable memory whose size is the next argument
	// (ARG_PTR_TO_MEM | MEM_RDONLY).
	ArgPtrToMem
	// ArgPtrToMemOrNull: like ArgPtrToMem, but may be NULL when the size
	// is zero (ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY).
	ArgPtrToMemOrNull
	// ArgPtrToUninitMem: writable memory the helper fills, whose size is
	// the next argument (ARG_PTR_TO_UNINIT_MEM).
	ArgPtrToUninitMem
	// ArgConstSize: the size of the previous memory argument, > 0
	// (ARG_CONST_SIZE).
	ArgConstSize
	// ArgConstSizeOrZero: the size of the previous memory argument, >= 0
	// (ARG_CONST_SIZE_OR_ZERO).
	ArgConstSizeOrZero
)

var argKindNames = [...]string{
	ArgDontCare:        "ARG_DONTCARE",
	ArgAnything:        "ARG_ANYTHING",
	ArgConstMapPtr:     "ARG_CONST_MAP_PTR",
	ArgPtrToMapKey:     "ARG_PTR_TO_MAP_KEY",
	ArgPtrToMapValue:   "ARG_PTR_TO_MAP_VALUE",
	ArgPtrToCtx:        "ARG_PTR_TO_CTX",
	ArgPtrToMem:        "ARG_PTR_TO_MEM",
	ArgPtrToMemOrNull:  "ARG_PTR_TO_MEM_OR_NULL",
	ArgPtrToUninitMem:  "ARG_PTR_TO_UNINIT_MEM",
	ArgConstSize:       "ARG_CONST_SIZE",
	ArgConstSizeOrZero: "ARG_CONST_SIZE_OR_ZERO",
}

// String returns the kernel's name of the kind, such as "ARG_ANYTHING".
func (k ArgKind) String() string {
	if k >= 0 && int(k) < len(argKindNames) {
		return argKindNames[k]
	}
	return fmt.Sprintf("ArgKind(%d)", int(k))
}

// IsSize reports whether k is the size of the preceding memory argument.
func (k ArgKind) IsSize() bool { return k == ArgConstSize || k == ArgConstSizeOrZero }

// IsMem reports whether k is a memory argument sized by the next argument.
func (k ArgKind) IsMem() bool {
	return k == ArgPtrToMem || k == ArgPtrToMemOrNull || k == ArgPtrToUninitMem
}

// RetKind is the kind of a helper's result, after the kernel's enum
// bpf_return_type.
type RetKind int

// Return kinds.
const (
	// RetInteger: a scalar in R0 (RET_INTEGER).
	RetInteger RetKind = iota
	// RetVoid: R0 is not defined after the call (RET_VOID); reading it is
	// a bug.
	RetVoid
	// RetMapValueOrNull: NULL or a pointer to a map value
	// (RET_PTR_TO_MAP_VALUE_OR_NULL).
	RetMapValueOrNull
	// RetInnerMapOrNull: NULL or a map of the inner template's shape; the
	// kernel returns RET_PTR_TO_MAP_VALUE_OR_NULL and turns it into
	// CONST_PTR_TO_MAP for maps of maps.
	RetInnerMapOrNull
)

var retKindNames = [...]string{
	RetInteger:        "RET_INTEGER",
	RetVoid:           "RET_VOID",
	RetMapValueOrNull: "RET_PTR_TO_MAP_VALUE_OR_NULL",
	RetInnerMapOrNull: "RET_PTR_TO_MAP_VALUE_OR_NULL (inner map)",
}

// String returns the kernel's name of the kind.
func (k RetKind) String() string {
	if k >= 0 && int(k) < len(retKindNames) {
		return retKindNames[k]
	}
	return fmt.Sprintf("RetKind(%d)", int(k))
}

// MapType is a map type, numbered as the kernel's enum bpf_map_type.
type MapType int

// Map types vep knows (include/uapi/linux/bpf.h, enum bpf_map_type).
const (
	MapHash           MapType = 1
	MapArray          MapType = 2
	MapProgArray      MapType = 3
	MapPerfEventArray MapType = 4
	MapPercpuHash     MapType = 5
	MapPercpuArray    MapType = 6
	MapStackTrace     MapType = 7
	MapLRUHash        MapType = 9
	MapLRUPercpuHash  MapType = 10
	MapArrayOfMaps    MapType = 12
	MapHashOfMaps     MapType = 13
	MapDevmap         MapType = 14
	MapSockmap        MapType = 15
	MapCpumap         MapType = 16
	MapXskmap         MapType = 17
	MapDevmapHash     MapType = 25
)

var mapTypeNames = map[MapType]string{
	MapHash:           "BPF_MAP_TYPE_HASH",
	MapArray:          "BPF_MAP_TYPE_ARRAY",
	MapProgArray:      "BPF_MAP_TYPE_PROG_ARRAY",
	MapPerfEventArray: "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
	MapPercpuHash:     "BPF_MAP_TYPE_PERCPU_HASH",
	MapPercpuArray:    "BPF_MAP_TYPE_PERCPU_ARRAY",
	MapStackTrace:     "BPF_MAP_TYPE_STACK_TRACE",
	MapLRUHash:        "BPF_MAP_TYPE_LRU_HASH",
	MapLRUPercpuHash:  "BPF_MAP_TYPE_LRU_PERCPU_HASH",
	MapArrayOfMaps:    "BPF_MAP_TYPE_ARRAY_OF_MAPS",
	MapHashOfMaps:     "BPF_MAP_TYPE_HASH_OF_MAPS",
	MapDevmap:         "BPF_MAP_TYPE_DEVMAP",
	MapSockmap:        "BPF_MAP_TYPE_SOCKMAP",
	MapCpumap:         "BPF_MAP_TYPE_CPUMAP",
	MapXskmap:         "BPF_MAP_TYPE_XSKMAP",
	MapDevmapHash:     "BPF_MAP_TYPE_DEVMAP_HASH",
}

// String returns the kernel's name of the map type.
func (t MapType) String() string {
	if s, ok := mapTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("MapType(%d)", int(t))
}
