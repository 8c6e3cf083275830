package bench

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"
)

// KernelAvailable reports whether this process may load eBPF programs, by
// loading a two-instruction socket filter; the error says why not.
func KernelAvailable() error {
	p, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Type:         ebpf.SocketFilter,
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
		License:      "GPL",
	})
	if err != nil {
		return fmt.Errorf("cannot load a trivial socket filter: %w", err)
	}
	return p.Close()
}

// kernelCache holds the kernel's BTF across loads, so that every load but
// the first does not parse it again.
var kernelCache = sync.OnceValue(btf.NewCache)

// LoadKernel is the kernel stage: it loads every map and program of the
// ELF object obj into the running kernel with cilium/ebpf, asking for the
// verifier's statistics (LogLevelStats), and unloads them again. The
// verdict is Safe when the whole collection loads and Unsafe when the
// kernel (or the loader, for example on an unresolved call) refuses it,
// with the verifier's last message and, when the object has line
// information, the source line of the rejected instruction (found by
// loading it once more with the full log, outside the time measured). Time is the duration of the load
// alone, Processed the sum of the "processed N insns" counts of the logs,
// Insns the number of instructions of the object's programs. It returns an
// error when obj cannot be parsed or bpf() is not permitted.
func LoadKernel(name string, obj []byte) (StageResult, error) {
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(obj))
	if err != nil {
		return StageResult{}, fmt.Errorf("reading object: %w", err)
	}
	var r StageResult
	for _, p := range spec.Programs {
		r.Insns += len(p.Instructions)
	}
	opts := ebpf.CollectionOptions{
		Programs: ebpf.ProgramOptions{LogLevel: ebpf.LogLevelStats},
		Cache:    kernelCache(),
	}
	start := time.Now()
	coll, err := ebpf.NewCollectionWithOptions(spec, opts)
	r.Time = time.Since(start)
	if err != nil {
		// The verifier rejects with EACCES (or EINVAL); EPERM without a log
		// means bpf() itself is not permitted.
		var ve *ebpf.VerifierError
		switch {
		case errors.As(err, &ve):
			r.Processed = processed(ve.Log)
			r.Diags = []Diag{{Line: rejectedLine(spec), Message: lastMessage(ve.Log)}}
		case errors.Is(err, syscall.EPERM):
			return StageResult{}, err
		default:
			r.Diags = []Diag{{Message: err.Error()}}
		}
		r.Verdict = Unsafe
		return r, nil
	}
	defer coll.Close()
	r.Verdict = Safe
	for _, p := range coll.Programs {
		r.Processed += processed(strings.Split(p.VerifierLog, "\n"))
	}
	return r, nil
}

// rejectedLine loads spec again with the verifier's full log, which shows
// the source line of each instruction when the object has line
// information, and returns the line of the instruction the verifier
// rejected, 0 if the log does not show it.
func rejectedLine(spec *ebpf.CollectionSpec) int {
	opts := ebpf.CollectionOptions{
		Programs: ebpf.ProgramOptions{LogLevel: ebpf.LogLevelBranch | ebpf.LogLevelStats},
		Cache:    kernelCache(),
	}
	coll, err := ebpf.NewCollectionWithOptions(spec, opts)
	if err == nil {
		coll.Close()
		return 0
	}
	var ve *ebpf.VerifierError
	if !errors.As(err, &ve) {
		return 0
	}
	return logLine(ve.Log)
}

var (
	// processedLine is the verifier's statistics line.
	processedLine = regexp.MustCompile(`^processed (\d+) insns`)
	// sourceLine is a line of BTF line information in a verifier log:
	// "; <source text> @ <file>:<line>".
	sourceLine = regexp.MustCompile(`^; .* @ .*:(\d+)$`)
)

// processed returns the instruction count of the statistics line of a
// verifier log, 0 if there is none.
func processed(log []string) int {
	for _, l := range log {
		if m := processedLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

// logLine returns the source line of the last line information in a
// verifier log, 0 if there is none.
func logLine(log []string) int {
	for i := len(log) - 1; i >= 0; i-- {
		if m := sourceLine.FindStringSubmatch(strings.TrimSpace(log[i])); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

// lastMessage returns the last line of a verifier log that is not a
// statistic, which is where the verifier says why it rejects.
func lastMessage(log []string) string {
	for i := len(log) - 1; i >= 0; i-- {
		s := strings.TrimSpace(log[i])
		if s == "" || strings.HasPrefix(s, "processed ") || strings.HasPrefix(s, "verification time") ||
			strings.HasPrefix(s, "stack depth") || strings.HasPrefix(s, "max_states_per_insn") {
			continue
		}
		return s
	}
	return "rejected"
}
