package bench

import "time"

// summarise returns the per-folder summaries, in order of first
// appearance, and the total.
func summarise(progs []Program) ([]Summary, Summary) {
	var (
		folders []Summary
		groups  [][]Program
		index   = map[string]int{}
	)
	for _, p := range progs {
		i, ok := index[p.Folder]
		if !ok {
			i = len(groups)
			index[p.Folder] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], p)
	}
	for _, g := range groups {
		folders = append(folders, summary(g[0].Folder, g))
	}
	return folders, summary("", progs)
}

// summary aggregates progs under the name folder.
func summary(folder string, progs []Program) Summary {
	s := Summary{Folder: folder, Programs: len(progs)}
	var vt, ct, cht, kt []time.Duration
	var va, cha []uint64
	for _, p := range progs {
		if p.Match {
			s.Matches++
		}
		s.Code += p.Code
		s.Annot += p.Annot
		if m := p.Verify; m != nil {
			vt = append(vt, m.Time)
			va = append(va, m.Alloc)
			s.VerifyTotal += m.Time
		}
		if m := p.Compile; m != nil {
			ct = append(ct, m.Time)
		}
		s.Insns += p.Insns()
		s.ProofBytes += p.ProofBytes()
		if m := p.Check; m != nil {
			cht = append(cht, m.Time)
			cha = append(cha, m.Alloc)
			if m.Verdict == Safe {
				s.CheckSafe++
			}
		}
		if m := p.Kernel; m != nil && m.Runs > 0 {
			kt = append(kt, m.Time)
			s.KernelProcessed += m.Processed
			if m.Verdict == Safe {
				s.KernelSafe++
			}
		}
	}
	s.VerifyTime, s.VerifyAlloc = median(vt), median(va)
	s.CompileTime = median(ct)
	s.CheckTime, s.CheckAlloc = median(cht), median(cha)
	s.KernelTime = median(kt)
	return s
}
