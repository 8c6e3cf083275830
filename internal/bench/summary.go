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
	s := Summary{Folder: folder, Files: len(progs)}
	var vt, ct, cht, kt, kct []time.Duration
	var va, cha []uint64
	var ours, theirs int
	for _, p := range progs {
		if p.Match {
			s.Matches++
		}
		s.Programs += p.Progs
		if p.Expect.Safe {
			s.Safe += p.Progs
		} else {
			s.Unsafe += p.Progs
		}
		s.Code += p.Code
		s.Annot += p.Annot
		if m := p.Verify; m != nil {
			vt = append(vt, m.Time)
			va = append(va, m.Alloc)
			s.VerifyTotal += m.Time
		}
		if m := p.Compile; m != nil && m.Runs > 0 {
			ct = append(ct, m.Time)
			if m.Verdict == Safe && !m.NoVerify {
				s.CompileProved++
			}
		}
		s.Insns += p.Insns()
		s.ClangInsns += p.ClangInsns()
		if p.Insns() > 0 && p.ClangInsns() > 0 {
			ours += p.Insns()
			theirs += p.ClangInsns()
			s.InsnFiles++
		}
		s.VCs += p.VCs()
		s.ProofBytes += p.ProofBytes()
		if m := p.Check; m != nil && m.Runs > 0 {
			cht = append(cht, m.Time)
			cha = append(cha, m.Alloc)
			accepted := acceptedOf(m, p.Progs)
			if p.Expect.Safe {
				s.CheckSafe += accepted
			} else if m.Verdict != Failed {
				s.CheckObjects += p.Progs
				s.CheckUnsound += accepted
				s.CheckRejected += p.Progs - accepted
			}
		}
		if m := p.Kernel; m != nil && m.Runs > 0 {
			kt = append(kt, m.Time)
			s.KernelProcessed += m.Processed
			s.KernelSafe += acceptedOf(m, p.Progs)
			if p.Expect.Safe {
				s.KernelSafeExpected += acceptedOf(m, p.Progs)
			}
		}
		if m := p.KernelClang; m != nil && m.Runs > 0 {
			kct = append(kct, m.Time)
			s.KernelClangProcessed += m.Processed
			s.KernelClangSafe += acceptedOf(m, p.Progs)
			if p.Expect.Safe {
				s.KernelClangExpected += acceptedOf(m, p.Progs)
			}
		}
	}
	if theirs > 0 {
		s.InsnRatio = float64(ours) / float64(theirs)
	}
	s.VerifyTime, s.VerifyAlloc = median(vt), median(va)
	s.CompileTime = median(ct)
	s.CheckTime, s.CheckAlloc = median(cht), median(cha)
	s.KernelTime, s.KernelClangTime = median(kt), median(kct)
	return s
}

// acceptedOf is the number of programs Check or the kernel accepted
// according to m, for a file of progs programs.
func acceptedOf(m *Measure, progs int) int {
	switch {
	case m.Verdict == Failed:
		return 0
	case m.Programs > 0:
		return m.Accepted
	case m.Verdict == Safe:
		return progs
	}
	return 0
}
