package isa

import (
	"encoding/binary"
	"fmt"
)

// SlotSize is the size in bytes of one instruction slot.
const SlotSize = 8

// Decode decodes little-endian eBPF bytecode into instructions. A 64-bit
// immediate load becomes one Instruction covering two slots.
//
// Decode rejects a length that is not a multiple of 8, a 64-bit immediate
// load whose second slot is missing or has a nonzero opcode, register or
// offset byte, and every instruction that Validate rejects. The error is a
// *DecodeError naming the slot.
func Decode(b []byte) ([]Instruction, error) {
	if len(b)%SlotSize != 0 {
		return nil, &DecodeError{Slot: len(b) / SlotSize, Err: fmt.Errorf("code length %d is not a multiple of %d", len(b), SlotSize)}
	}
	insns := make([]Instruction, 0, len(b)/SlotSize)
	for off := 0; off < len(b); {
		slot := off / SlotSize
		raw := b[off : off+SlotSize]
		ins := Instruction{
			OpCode:   OpCode(raw[0]),
			Dst:      Register(raw[1] & 0x0f),
			Src:      Register(raw[1] >> 4),
			Offset:   int16(binary.LittleEndian.Uint16(raw[2:4])),
			Constant: int64(int32(binary.LittleEndian.Uint32(raw[4:8]))),
		}
		if ins.IsLoadImm64() {
			if off+2*SlotSize > len(b) {
				return nil, &DecodeError{Slot: slot, Err: errTruncated}
			}
			next := b[off+SlotSize : off+2*SlotSize]
			if next[0] != 0 || next[1] != 0 || next[2] != 0 || next[3] != 0 {
				return nil, &DecodeError{Slot: slot, Err: fmt.Errorf("64-bit immediate load: second slot has opcode, register or offset bytes % x, must be 0", next[:4])}
			}
			lo := uint64(binary.LittleEndian.Uint32(raw[4:8]))
			hi := uint64(binary.LittleEndian.Uint32(next[4:8]))
			ins.Constant = int64(hi<<32 | lo)
		}
		if err := ins.Validate(); err != nil {
			return nil, &DecodeError{Slot: slot, Err: err}
		}
		insns = append(insns, ins)
		off += ins.Slots() * SlotSize
	}
	return insns, nil
}

// Encode encodes instructions as little-endian eBPF bytecode. It validates
// every instruction first and returns a *DecodeError naming the slot of the
// first invalid one.
func Encode(insns []Instruction) ([]byte, error) {
	n := 0
	for _, ins := range insns {
		n += ins.Slots()
	}
	out := make([]byte, 0, n*SlotSize)
	for _, ins := range insns {
		if err := ins.Validate(); err != nil {
			return nil, &DecodeError{Slot: len(out) / SlotSize, Err: err}
		}
		out = ins.appendBytes(out)
	}
	return out, nil
}

// appendBytes appends the encoding of a valid instruction to b.
func (ins Instruction) appendBytes(b []byte) []byte {
	b = append(b, uint8(ins.OpCode), uint8(ins.Src)<<4|uint8(ins.Dst))
	b = binary.LittleEndian.AppendUint16(b, uint16(ins.Offset))
	b = binary.LittleEndian.AppendUint32(b, uint32(ins.Constant))
	if ins.IsLoadImm64() {
		b = append(b, 0, 0, 0, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(uint64(ins.Constant)>>32))
	}
	return b
}
