package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Table writes r as aligned text: a header of notes, one row per file,
// one row per folder and the total, a line that sums up (Verdicts), then
// the files whose Verify verdict does not match, with Verify's first
// diagnostic, and the files Compile, Check or the kernel treated otherwise
// than expected.
// Columns of stages that did not run are left out.
func Table(w io.Writer, r *Results) error {
	has := r.Has
	var b strings.Builder
	fmt.Fprintf(&b, "# times: median of %d runs in one process", r.Runs)
	if r.Budget > 0 {
		fmt.Fprintf(&b, " (* fewer: a stage is not repeated once it has spent %s on a file)", formatDuration(r.Budget))
	}
	b.WriteString("; alloc: bytes allocated per run (growth of runtime.MemStats.TotalAlloc, median), not the peak heap\n")
	if has(StageCompile) {
		b.WriteString("# compile: C verifier, code generation and proof search; files expected unsafe are compiled without verification (nv), so that Check must reject them\n")
		b.WriteString("# insns: instructions of the object's programs as the kernel receives them; VCs, proof: verification conditions and .vep.proof bytes\n")
	}
	if has(StageClang) {
		b.WriteString("# clang: instructions of clang's object of the same C (one compilation, not timed); ratio: vep/clang\n")
	}
	if has(StageKernel) || has(StageKernelClang) {
		b.WriteString("# kernel: the Linux verifier, one program at a time, on vep's object; k(clang): on clang's object; k.insns: processed instructions\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "# %s\n", n)
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(cells ...string) {
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	head := []string{"program", "progs", "loc", "annot", "expect"}
	if has(StageVerify) {
		head = append(head, "verify", "match", "v.time", "v.alloc")
	}
	if has(StageCompile) {
		head = append(head, "compile", "c.time", "insns")
	}
	if has(StageClang) {
		head = append(head, "clang")
		if has(StageCompile) {
			head = append(head, "ratio")
		}
	}
	if has(StageCompile) {
		head = append(head, "VCs", "proof")
	}
	if has(StageCheck) {
		head = append(head, "check", "ch.time", "ch.alloc")
	}
	if has(StageKernel) {
		head = append(head, "kernel", "k.time", "k.insns")
	}
	if has(StageKernelClang) {
		head = append(head, "k(clang)", "kc.time", "kc.insns")
	}
	row(head...)
	for _, p := range r.Programs {
		cells := []string{p.Path, fmt.Sprint(p.Progs), fmt.Sprint(p.Code), fmt.Sprint(p.Annot), p.Expect.String()}
		if has(StageVerify) {
			cells = append(cells, verdictCell(p.Verify), matchCell(p.Match))
			cells = append(cells, timeCells(p.Verify, r.Runs)...)
		}
		if has(StageCompile) {
			cells = append(cells, compileCell(p.Compile), formatDuration0(p.Compile, r.Runs), countCell(p.Insns()))
		}
		if has(StageClang) {
			cells = append(cells, countCell(p.ClangInsns()))
			if has(StageCompile) {
				cells = append(cells, ratioCell(p.Insns(), p.ClangInsns()))
			}
		}
		if has(StageCompile) {
			cells = append(cells, vcCell(p), countCell(p.ProofBytes()))
		}
		if has(StageCheck) {
			cells = append(cells, acceptCell(p.Check, p.Progs))
			cells = append(cells, timeCells(p.Check, r.Runs)...)
		}
		if has(StageKernel) {
			cells = append(cells, acceptCell(p.Kernel, p.Progs), formatDuration0(p.Kernel, r.Runs), intCell(p.Kernel, processedOf))
		}
		if has(StageKernelClang) {
			cells = append(cells, acceptCell(p.KernelClang, p.Progs), formatDuration0(p.KernelClang, r.Runs), intCell(p.KernelClang, processedOf))
		}
		row(cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head = []string{"folder", "files", "progs", "loc", "annot"}
	if has(StageVerify) {
		head = append(head, "match", "v.time", "v.total", "v.alloc")
	}
	if has(StageCompile) {
		head = append(head, "c.time", "insns")
	}
	if has(StageClang) {
		head = append(head, "clang")
		if has(StageCompile) {
			head = append(head, "ratio")
		}
	}
	if has(StageCompile) {
		head = append(head, "VCs", "proof")
	}
	if has(StageCheck) {
		head = append(head, "ch.safe", "ch.unsafe", "ch.time", "ch.alloc")
	}
	if has(StageKernel) {
		head = append(head, "kernel", "k.time", "k.insns")
	}
	if has(StageKernelClang) {
		head = append(head, "k(clang)", "kc.time", "kc.insns")
	}
	row(head...)
	for _, s := range append(r.Folders[:len(r.Folders):len(r.Folders)], r.Total) {
		name := s.Folder
		if name == "" {
			name = "total"
		}
		cells := []string{name, fmt.Sprint(s.Files), fmt.Sprint(s.Programs), fmt.Sprint(s.Code), fmt.Sprint(s.Annot)}
		if has(StageVerify) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.Matches, s.Files), durationCell(s.VerifyTime), durationCell(s.VerifyTotal), bytesCell(s.VerifyAlloc))
		}
		if has(StageCompile) {
			cells = append(cells, durationCell(s.CompileTime), countCell(s.Insns))
		}
		if has(StageClang) {
			cells = append(cells, countCell(s.ClangInsns))
			if has(StageCompile) {
				cells = append(cells, ratioText(s.InsnRatio))
			}
		}
		if has(StageCompile) {
			cells = append(cells, countCell(s.VCs), countCell(s.ProofBytes))
		}
		if has(StageCheck) {
			cells = append(cells, fraction(s.CheckSafe, s.Safe), fraction(s.CheckRejected, s.Unsafe), durationCell(s.CheckTime), bytesCell(s.CheckAlloc))
		}
		if has(StageKernel) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.KernelSafe, s.Programs), durationCell(s.KernelTime), countCell(s.KernelProcessed))
		}
		if has(StageKernelClang) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.KernelClangSafe, s.Programs), durationCell(s.KernelClangTime), countCell(s.KernelClangProcessed))
		}
		row(cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", Verdicts(r))

	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
		for _, s := range items {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	var bad, compileErrs, checkSafe, checkUnsafe, kernelRej, clangRej []string
	for _, p := range r.Programs {
		if !p.Match && has(StageVerify) {
			want := "safe"
			if !p.Expect.Safe {
				want = fmt.Sprintf("unsafe at line %d with %q", p.Expect.Line, p.Expect.Marker)
			}
			bad = append(bad, fmt.Sprintf("%s: want %s, verify: %s", p.Path, want, explain(p.Verify)))
		}
		if m := p.Compile; has(StageCompile) && m != nil && (m.Verdict == Failed || (!m.NoVerify && m.Verdict != Safe)) {
			compileErrs = append(compileErrs, fmt.Sprintf("%s: %s", p.Path, reasons(m)))
		}
		if m := p.Check; has(StageCheck) && m != nil {
			acc := acceptedOf(m, p.Progs)
			switch {
			case p.Expect.Safe && acc < p.Progs:
				checkSafe = append(checkSafe, fmt.Sprintf("%s: %s", p.Path, reasons(m)))
			case !p.Expect.Safe && acc > 0:
				checkUnsafe = append(checkUnsafe, fmt.Sprintf("%s: %d of %d programs accepted", p.Path, acc, p.Progs))
			}
		}
		if m := p.Kernel; has(StageKernel) && m != nil && m.Verdict != Safe {
			kernelRej = append(kernelRej, fmt.Sprintf("%s: %s", p.Path, kernelReason(m)))
		}
		if m := p.KernelClang; has(StageKernelClang) && m != nil && m.Verdict != Safe {
			clangRej = append(clangRej, fmt.Sprintf("%s: %s", p.Path, kernelReason(m)))
		}
	}
	list("verify mismatches", bad)
	list("compile: proof incomplete or failed", compileErrs)
	list("check rejects safe programs", checkSafe)
	list("CHECK ACCEPTS UNSAFE PROGRAMS", checkUnsafe)
	list("kernel rejects vep's bytecode", kernelRej)
	list("kernel rejects clang's bytecode", clangRej)
	return nil
}

// Verdicts is the one-line summary of r, such as "Verify 39/39 files as
// expected; Check accepts 20/32 safe programs, rejects all unsafe (10/10)".
func Verdicts(r *Results) string {
	t := r.Total
	var parts []string
	if r.Has(StageVerify) {
		parts = append(parts, fmt.Sprintf("Verify %d/%d files as expected", t.Matches, t.Files))
	}
	if r.Has(StageCheck) {
		s := fmt.Sprintf("Check accepts %d/%d safe programs, ", t.CheckSafe, t.Safe)
		switch {
		case t.Unsafe == 0:
			s += "no unsafe programs"
		case t.CheckRejected == t.Unsafe:
			s += fmt.Sprintf("rejects all unsafe (%d/%d)", t.CheckRejected, t.Unsafe)
		default:
			s += fmt.Sprintf("rejects %d/%d unsafe", t.CheckRejected, t.Unsafe)
			if n := t.Unsafe - t.CheckObjects; n > 0 {
				s += fmt.Sprintf(" (%d without an object)", n)
			}
		}
		if t.CheckUnsound > 0 {
			s += fmt.Sprintf(", ACCEPTS %d UNSAFE", t.CheckUnsound)
		}
		parts = append(parts, s)
	}
	if r.Has(StageKernel) {
		s := fmt.Sprintf("kernel accepts %d/%d safe programs compiled by vep", t.KernelSafeExpected, t.Safe)
		if r.Has(StageKernelClang) {
			s += fmt.Sprintf(", %d/%d by clang", t.KernelClangExpected, t.Safe)
		}
		parts = append(parts, s)
	} else if r.Has(StageKernelClang) {
		parts = append(parts, fmt.Sprintf("kernel accepts %d/%d safe programs compiled by clang", t.KernelClangExpected, t.Safe))
	}
	if r.Has(StageClang) && r.Has(StageCompile) && t.InsnFiles > 0 {
		parts = append(parts, fmt.Sprintf("instructions vep/clang %s", ratioText(t.InsnRatio)))
	}
	return strings.Join(parts, "; ")
}

// processedOf is the kernel's processed instruction count of m.
func processedOf(m *Measure) int { return m.Processed }

// explain says what a stage answered, for the list of mismatches.
func explain(m *Measure) string {
	switch {
	case m == nil:
		return "did not run"
	case m.Error != "":
		return "error: " + m.Error
	case len(m.Diags) == 0:
		return string(m.Verdict)
	}
	d := m.Diags[0]
	if d.Line > 0 {
		return fmt.Sprintf("%s, line %d: %s", m.Verdict, d.Line, oneLine(d.Message))
	}
	return fmt.Sprintf("%s: %s", m.Verdict, oneLine(d.Message))
}

// reasons says why a stage did not accept a file: its error, or its
// first diagnostic and how many more there are.
func reasons(m *Measure) string {
	switch {
	case m.Error != "":
		return "error: " + m.Error
	case len(m.Diags) == 0:
		return string(m.Verdict)
	}
	s := oneLine(m.Diags[0].Message)
	if m.Diags[0].Line > 0 {
		s = fmt.Sprintf("line %d: %s", m.Diags[0].Line, s)
	}
	if n := len(m.Diags) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// kernelReason says why the kernel did not accept a program.
func kernelReason(m *Measure) string {
	switch {
	case m.Error != "":
		return "error: " + m.Error
	case len(m.Diags) == 0:
		return "rejected"
	case m.Diags[0].Line > 0:
		return fmt.Sprintf("line %d: %s", m.Diags[0].Line, oneLine(m.Diags[0].Message))
	}
	return oneLine(m.Diags[0].Message)
}

// oneLine returns the first line of s, shortened to 160 bytes.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// verdictCell is a verdict with the line of the first diagnostic, such as
// "unsafe:20".
func verdictCell(m *Measure) string {
	switch {
	case m == nil:
		return "-"
	case m.FirstLine() > 0 && m.Verdict == Unsafe:
		return fmt.Sprintf("unsafe:%d", m.FirstLine())
	}
	return string(m.Verdict)
}

// acceptCell is Check's or the kernel's verdict on a file of progs
// programs: "accept", "reject" (with the line, such as "reject:20", for a
// single program) or the accepted fraction, such as "1/2".
func acceptCell(m *Measure, progs int) string {
	switch {
	case m == nil:
		return "-"
	case m.Verdict == Failed:
		return "error"
	}
	acc := acceptedOf(m, progs)
	switch {
	case acc == progs && m.Verdict == Safe:
		return "accept"
	case acc > 0:
		return fmt.Sprintf("%d/%d", acc, progs)
	case m.FirstLine() > 0:
		return fmt.Sprintf("reject:%d", m.FirstLine())
	}
	return "reject"
}

// compileCell is Compile's outcome: "proved" for an object with every
// proof, "nv" for one compiled without verification, "unproved" for an
// object with missing proofs, "unsafe:L" when the C verifier rejected the
// file, "error" when Compile failed.
func compileCell(m *Measure) string {
	switch {
	case m == nil:
		return "-"
	case m.Verdict == Failed:
		return "error"
	case m.NoVerify:
		return "nv"
	case m.Verdict == Safe:
		return "proved"
	case m.Insns > 0:
		return "unproved"
	}
	return verdictCell(m)
}

// vcCell is the number of verification conditions, "proved/all" when
// some have no proof.
func vcCell(p Program) string {
	if m := p.Compile; m != nil && !m.NoVerify && m.Proved < m.VCs {
		return fmt.Sprintf("%d/%d", m.Proved, m.VCs)
	}
	return countCell(p.VCs())
}

// ratioCell is a/b with two decimals, "-" if either is 0.
func ratioCell(a, b int) string {
	if a == 0 || b == 0 {
		return "-"
	}
	return ratioText(float64(a) / float64(b))
}

// ratioText is x with two decimals, "-" for 0.
func ratioText(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", x)
}

// fraction is "a/b", "-" when b is 0.
func fraction(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", a, b)
}

// matchCell marks a match.
func matchCell(ok bool) string {
	if ok {
		return "ok"
	}
	return "NO"
}

// timeCells are the time and allocation of m.
func timeCells(m *Measure, runs int) []string {
	if m == nil {
		return []string{"-", "-"}
	}
	return []string{formatDuration0(m, runs), formatBytes(m.Alloc)}
}

// formatDuration0 is m's time, "-" when m is nil, marked with "*" when
// the stage ran fewer than runs times without failing.
func formatDuration0(m *Measure, runs int) string {
	switch {
	case m == nil || m.Runs == 0:
		return "-"
	case m.Runs < runs && m.Verdict != Failed:
		return formatDuration(m.Time) + "*"
	}
	return formatDuration(m.Time)
}

// intCell is f(m), "-" when m is nil or f(m) is 0.
func intCell(m *Measure, f func(*Measure) int) string {
	if m == nil || f(m) == 0 {
		return "-"
	}
	return fmt.Sprint(f(m))
}

// durationCell is d, "-" for 0 (a stage that ran on no program).
func durationCell(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return formatDuration(d)
}

// bytesCell is n, "-" for 0.
func bytesCell(n uint64) string {
	if n == 0 {
		return "-"
	}
	return formatBytes(n)
}

// countCell is n, "-" for 0.
func countCell(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

// formatDuration prints d with three significant digits at most, in µs,
// ms or s.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	case d < time.Millisecond:
		return trim(float64(d)/float64(time.Microsecond)) + "µs"
	case d < time.Second:
		return trim(float64(d)/float64(time.Millisecond)) + "ms"
	}
	return trim(d.Seconds()) + "s"
}

// formatBytes prints n in B, KiB, MiB or GiB.
func formatBytes(n uint64) string {
	const k = 1024
	switch {
	case n < k:
		return fmt.Sprintf("%dB", n)
	case n < k*k:
		return trim(float64(n)/k) + "KiB"
	case n < k*k*k:
		return trim(float64(n)/(k*k)) + "MiB"
	}
	return trim(float64(n)/(k*k*k)) + "GiB"
}

// trim prints x with one decimal below 100 and none above.
func trim(x float64) string {
	if x < 100 {
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.0f", x)
}
