package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// varLocs resolves the locations of a point's variables.
func varLocs(snap *pointSnap, assign map[reg]reg, slots map[reg]int64, lv *liveness, pos int) []VarLoc {
	var out []VarLoc
	for i, v := range snap.vars {
		b := snap.bind[i]
		loc := VarLoc{Var: v, Size: v.Type.Size()}
		switch b.kind {
		case bConst:
			loc.Where, loc.Value = Const, b.c
		case bMem:
			loc.Where, loc.Offset = InStack, int16(b.off)
		case bReg:
			if off, ok := slots[b.r]; ok {
				loc.Where, loc.Offset, loc.Size = InStack, int16(off), 8
				break
			}
			it := lv.iv[b.r]
			p, ok := assign[b.r]
			if it != nil && ok && it.start <= pos && pos <= it.end {
				loc.Where, loc.Reg = InReg, isa.Register(p)
			}
		}
		out = append(out, loc)
	}
	sortVarLocs(out)
	return out
}

func sortVarLocs(v []VarLoc) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && varBefore(v[j].Var, v[j-1].Var); j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

func varBefore(a, b *cparse.Var) bool {
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Name < b.Name
}
