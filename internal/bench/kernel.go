package bench

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
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

// CountInsns returns the number of instructions of the programs of the
// ELF object obj, as cilium/ebpf reads them (a 64-bit immediate load is
// one instruction; a subprogram counts in every program that calls it,
// as the kernel receives it), and the number of programs.
func CountInsns(obj []byte) (insns, programs int, err error) {
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(obj))
	if err != nil {
		return 0, 0, err
	}
	for _, p := range spec.Programs {
		insns += len(p.Instructions)
	}
	return insns, len(spec.Programs), nil
}

// LoadKernel is the kernel stage: it loads each program of the ELF object
// obj into the running kernel with cilium/ebpf, one program at a time
// (with the maps of the object), asking for the verifier's statistics
// (LogLevelStats), and unloads it again. The verdict is Safe when every
// program loads and Unsafe when the kernel (or the loader, for example on
// an unresolved call) refuses one; Accepted counts the programs that load.
// Each refusal gives a diagnostic with the verifier's last message and,
// when the object has line information, the source line of the rejected
// instruction (found by loading the program once more with the full log,
// outside the time measured). Time is the duration of the loads alone,
// Processed the sum of the "processed N insns" counts of the logs, Insns
// the number of instructions of the object's programs. It returns an
// error when obj cannot be parsed or bpf() is not permitted.
func LoadKernel(name string, obj []byte) (StageResult, error) {
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(obj))
	if err != nil {
		return StageResult{}, fmt.Errorf("reading object: %w", err)
	}
	var r StageResult
	names := make([]string, 0, len(spec.Programs))
	for n, p := range spec.Programs {
		names = append(names, n)
		r.Insns += len(p.Instructions)
	}
	sort.Strings(names)
	r.Programs = len(names)
	opts := ebpf.CollectionOptions{
		Programs: ebpf.ProgramOptions{LogLevel: ebpf.LogLevelStats},
		Cache:    kernelCache(),
	}
	for _, n := range names {
		one := spec.Copy()
		for m := range one.Programs {
			if m != n {
				delete(one.Programs, m)
			}
		}
		prefix := ""
		if len(names) > 1 {
			prefix = n + ": "
		}
		start := time.Now()
		coll, err := ebpf.NewCollectionWithOptions(one, opts)
		r.Time += time.Since(start)
		if err != nil {
			// The verifier rejects with EACCES (or EINVAL); EPERM without a
			// log means bpf() itself is not permitted.
			var ve *ebpf.VerifierError
			switch {
			case errors.As(err, &ve):
				r.Processed += processed(ve.Log)
				line, insn := rejected(one)
				msg := lastMessage(ve.Log)
				if line == 0 && insn >= 0 {
					msg = fmt.Sprintf("insn %d: %s", insn, msg)
				}
				r.Diags = append(r.Diags, Diag{Line: line, Message: prefix + msg})
			case errors.Is(err, syscall.EPERM):
				return StageResult{}, err
			default:
				r.Diags = append(r.Diags, Diag{Message: prefix + err.Error()})
			}
			continue
		}
		r.Accepted++
		for _, p := range coll.Programs {
			r.Processed += processed(strings.Split(p.VerifierLog, "\n"))
		}
		coll.Close()
	}
	r.Verdict = Safe
	if r.Accepted < r.Programs || r.Programs == 0 {
		r.Verdict = Unsafe
	}
	if r.Programs == 0 {
		r.Diags = []Diag{{Message: "the object has no programs"}}
	}
	return r, nil
}

// rejected loads spec again with the verifier's full log, which shows
// each instruction the verifier visits and, when the object has line
// information, its source line, and returns the line of the instruction
// the verifier rejected (0 if the log does not show it) and the index of
// that instruction (-1 if the log does not show it).
func rejected(spec *ebpf.CollectionSpec) (line, insn int) {
	opts := ebpf.CollectionOptions{
		Programs: ebpf.ProgramOptions{LogLevel: ebpf.LogLevelBranch | ebpf.LogLevelStats},
		Cache:    kernelCache(),
	}
	coll, err := ebpf.NewCollectionWithOptions(spec, opts)
	if err == nil {
		coll.Close()
		return 0, -1
	}
	var ve *ebpf.VerifierError
	if !errors.As(err, &ve) {
		return 0, -1
	}
	return logLine(ve.Log), lastInsn(ve.Log)
}

var (
	// processedLine is the verifier's statistics line.
	processedLine = regexp.MustCompile(`^processed (\d+) insns`)
	// sourceLine is a line of BTF line information in a verifier log:
	// "; <source text> @ <file>:<line>".
	sourceLine = regexp.MustCompile(`^; .* @ .*:(\d+)$`)
	// insnLine is an instruction in a verifier log: "5: (79) r1 = ...".
	insnLine = regexp.MustCompile(`^(\d+): \(`)
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

// lastInsn returns the index of the last instruction a verifier log
// shows, -1 if there is none.
func lastInsn(log []string) int {
	for i := len(log) - 1; i >= 0; i-- {
		if m := insnLine.FindStringSubmatch(strings.TrimSpace(log[i])); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return -1
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
