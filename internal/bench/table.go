package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Table writes r as aligned text: a header of notes, one row per program,
// one row per folder and the total, then the programs whose Verify verdict
// does not match, with Verify's first diagnostic, and the programs the
// kernel did not accept, with its message. Columns of stages that did not run are left
// out.
func Table(w io.Writer, r *Results) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# times: median of %d runs in one process; alloc: bytes allocated per run (TotalAlloc growth, median), not peak heap\n", r.Runs)
	if r.Has(StageKernel) {
		if r.KernelInput == "clang" {
			b.WriteString("# kernel (clang bytecode): the Linux verifier on clang's object of the same C, not on vep's bytecode\n")
		} else {
			b.WriteString("# kernel: the Linux verifier on vep's object\n")
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "# %s\n", n)
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}

	has := func(s string) bool { return r.Has(s) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(cells ...string) {
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	head := []string{"program", "loc", "annot", "expect"}
	if has(StageVerify) {
		head = append(head, "verify", "match", "time", "alloc")
	}
	if has(StageCompile) {
		head = append(head, "compile", "insns")
	}
	if has(StageCheck) {
		head = append(head, "check", "c.time", "c.alloc", "proof")
	}
	if has(StageKernel) {
		head = append(head, kernelHead(r), "k.time", "processed")
	}
	row(head...)
	for _, p := range r.Programs {
		cells := []string{p.Path, fmt.Sprint(p.Code), fmt.Sprint(p.Annot), p.Expect.String()}
		if has(StageVerify) {
			cells = append(cells, verdictCell(p.Verify), matchCell(p.Match))
			cells = append(cells, timeCells(p.Verify)...)
		}
		if has(StageCompile) {
			cells = append(cells, formatDuration0(p.Compile), countCell(p.Insns()))
		}
		if has(StageCheck) {
			cells = append(cells, verdictCell(p.Check))
			cells = append(cells, timeCells(p.Check)...)
			cells = append(cells, countCell(p.ProofBytes()))
		}
		if has(StageKernel) {
			cells = append(cells, kernelCell(p.Kernel), formatDuration0(p.Kernel), intCell(p.Kernel, func(m *Measure) int { return m.Processed }))
		}
		row(cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head = []string{"folder", "programs", "loc", "annot"}
	if has(StageVerify) {
		head = append(head, "match", "time", "total", "alloc")
	}
	if has(StageCompile) {
		head = append(head, "compile", "insns")
	}
	if has(StageCheck) {
		head = append(head, "check ok", "c.time", "c.alloc", "proof")
	}
	if has(StageKernel) {
		head = append(head, kernelHead(r)+" ok", "k.time", "processed")
	}
	row(head...)
	for _, s := range append(r.Folders[:len(r.Folders):len(r.Folders)], r.Total) {
		name := s.Folder
		if name == "" {
			name = "total"
		}
		cells := []string{name, fmt.Sprint(s.Programs), fmt.Sprint(s.Code), fmt.Sprint(s.Annot)}
		if has(StageVerify) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.Matches, s.Programs), durationCell(s.VerifyTime), durationCell(s.VerifyTotal), bytesCell(s.VerifyAlloc))
		}
		if has(StageCompile) {
			cells = append(cells, durationCell(s.CompileTime), countCell(s.Insns))
		}
		if has(StageCheck) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.CheckSafe, s.Programs), durationCell(s.CheckTime), bytesCell(s.CheckAlloc), countCell(s.ProofBytes))
		}
		if has(StageKernel) {
			cells = append(cells, fmt.Sprintf("%d/%d", s.KernelSafe, s.Programs), durationCell(s.KernelTime), countCell(s.KernelProcessed))
		}
		row(cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	var bad []string
	for _, p := range r.Programs {
		if p.Match || !has(StageVerify) {
			continue
		}
		want := "safe"
		if !p.Expect.Safe {
			want = fmt.Sprintf("unsafe at line %d with %q", p.Expect.Line, p.Expect.Marker)
		}
		bad = append(bad, fmt.Sprintf("%s: want %s, verify: %s", p.Path, want, explain(p.Verify)))
	}
	if len(bad) > 0 {
		fmt.Fprintf(w, "\nmismatches (%d):\n", len(bad))
		for _, s := range bad {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}

	var refused []string
	for _, p := range r.Programs {
		if m := p.Kernel; has(StageKernel) && m != nil && m.Verdict != Safe {
			refused = append(refused, fmt.Sprintf("%s: %s", p.Path, kernelReason(m)))
		}
	}
	if len(refused) > 0 {
		fmt.Fprintf(w, "\n%s rejected (%d):\n", kernelHead(r), len(refused))
		for _, s := range refused {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	return nil
}

// kernelHead is the heading of the kernel verdict column.
func kernelHead(r *Results) string {
	if r.KernelInput == "clang" {
		return "kernel(clang)"
	}
	return "kernel"
}

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

// kernelCell is the kernel's verdict.
func kernelCell(m *Measure) string {
	switch {
	case m == nil:
		return "-"
	case m.Verdict == Safe:
		return "accept"
	case m.Verdict == Unsafe && m.FirstLine() > 0:
		return fmt.Sprintf("reject:%d", m.FirstLine())
	case m.Verdict == Unsafe:
		return "reject"
	}
	return string(m.Verdict)
}

// matchCell marks a match.
func matchCell(ok bool) string {
	if ok {
		return "ok"
	}
	return "NO"
}

// timeCells are the time and allocation of m.
func timeCells(m *Measure) []string {
	if m == nil {
		return []string{"-", "-"}
	}
	return []string{formatDuration(m.Time), formatBytes(m.Alloc)}
}

// formatDuration0 is m's time, "-" when m is nil.
func formatDuration0(m *Measure) string {
	if m == nil || m.Runs == 0 {
		return "-"
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
