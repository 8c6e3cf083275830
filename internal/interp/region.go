package interp

import "strconv"

// regionKind classifies the memory a pointer may point into.
type regionKind uint8

const (
	regionStack    regionKind = iota // one frame's 512-byte stack
	regionContext                    // the program context
	regionPacket                     // packet data, with head- and tailroom
	regionMapValue                   // one element of a map
)

// region is a block of memory that pointers point into. Offsets are relative
// to the start of data; the accessible part may be narrower (packets).
type region struct {
	kind     regionKind
	name     string // for messages: "stack", "context", "packet", "map NAME value"
	data     []byte
	init     []bool        // stack only: which bytes have been written
	spills   map[int]value // stack only: 8-byte slots holding a spilled pointer
	writable bool
	dead     bool   // invalidated (packet after an adjust, frame after return)
	deadMsg  string // why it is dead
	base     uint64 // fake address of data[0], distinct per region
}

// stackSize is the size of one frame's stack (MAX_BPF_STACK).
const stackSize = 512

func newStack(base uint64, depth int) *region {
	name := "stack"
	if depth > 0 {
		name = "stack of frame " + strconv.Itoa(depth)
	}
	return &region{
		kind:     regionStack,
		name:     name,
		data:     make([]byte, stackSize),
		init:     make([]bool, stackSize),
		spills:   map[int]value{},
		writable: true,
		base:     base,
	}
}

// markStackWritten records that bytes [off, off+n) of a stack region now
// hold scalar data: they become initialised and every pointer spill they
// overlap is destroyed. The untouched bytes of a partly overwritten spill
// become uninitialised, so a later read of them faults.
func (r *region) markStackWritten(off, n int) {
	for slot := off &^ 7; slot < off+n; slot += 8 {
		if _, ok := r.spills[slot]; ok {
			delete(r.spills, slot)
			for i := slot; i < slot+8; i++ {
				r.init[i] = false
			}
		}
	}
	for i := off; i < off+n; i++ {
		r.init[i] = true
	}
}
