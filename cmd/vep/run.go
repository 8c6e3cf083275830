package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"vep/internal/interp"
)

// runCommand is "vep run".
var runCommand = &command{
	summary: "execute a program of an object in the interpreter",
	usage: `usage: vep run FILE.o [--section S] [--packet FILE | --ctx FILE] [--map NAME=FILE]... [--seed N]

Run executes the program in section S of the object FILE.o in vep's
interpreter, which checks every memory access, and prints the lines that
bpf_trace_printk printed ("trace: ...") and then the return value as
"R0 = N (0xHEX)". If the program does something the kernel's verifier exists to forbid (such as an
out-of-bounds packet read), run prints the fault with its section and
instruction index and exits with code 1.

Flags:
  --section S     the program's section; may be omitted if the object has
                  only one program section
  --packet FILE   the packet, raw bytes, for xdp, socket and tc programs
  --ctx FILE      the context, raw bytes (struct pt_regs for kprobes, the
                  record for tracepoints, ...), zero-padded to its size
  --map NAME=FILE preload map NAME from FILE (repeatable). Each line of FILE
                  is "KEY VALUE": two hexadecimal byte strings, in memory
                  order and of the map's key and value sizes, for example
                  "01000000 2a00000000000000" for key 1 and value 42 of an
                  array map with 8-byte values. Blank lines and lines
                  starting with # are ignored.
  --seed N        seed of bpf_get_prandom_u32 (default 0)
`,
}

// init registers the command.
func init() {
	runCommand.run = runRun
	commands["run"] = runCommand
}

// mapFlags collects repeated --map flags.
type mapFlags []string

// String returns the flags joined by commas.
func (m *mapFlags) String() string { return strings.Join(*m, ",") }

// Set adds one --map flag.
func (m *mapFlags) Set(s string) error {
	*m = append(*m, s)
	return nil
}

// runRun runs "vep run" and returns the exit code.
func runRun(e *env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	section := fs.String("section", "", "program section")
	packet := fs.String("packet", "", "packet file")
	ctx := fs.String("ctx", "", "context file")
	seed := fs.Int64("seed", 0, "random seed")
	var maps mapFlags
	fs.Var(&maps, "map", "NAME=FILE")
	files, code, done := parseFlags(e, runCommand, fs, args)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(e, runCommand, "run wants one object file")
	}
	if *packet != "" && *ctx != "" {
		return usageError(e, runCommand, "run takes --packet or --ctx, not both")
	}
	path := files[0]
	obj, _, ok := readObject(e, path)
	if !ok {
		return exitInvalid
	}
	if *section == "" {
		var progs []string
		for _, cs := range obj.Code {
			if cs.Name != ".text" {
				progs = append(progs, cs.Name)
			}
		}
		if len(progs) != 1 {
			return usageError(e, runCommand, "%s has %d program sections (%s); choose one with --section", path, len(progs), strings.Join(progs, ", "))
		}
		*section = progs[0]
	}
	m, err := interp.New(obj, interp.Options{Seed: *seed})
	if err != nil {
		e.errorf("%s: %v", path, err)
		return exitInvalid
	}
	for _, spec := range maps {
		name, file, ok := strings.Cut(spec, "=")
		if !ok || name == "" || file == "" {
			return usageError(e, runCommand, "--map wants NAME=FILE, got %q", spec)
		}
		ms, ok := m.Map(name)
		if !ok {
			e.errorf("%s: no map %q", path, name)
			return exitInvalid
		}
		data, err := os.ReadFile(file)
		if err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
		if err := loadMap(file, data, ms); err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
	}
	var in interp.Input
	for _, f := range []struct {
		path string
		dst  *[]byte
	}{{*packet, &in.Packet}, {*ctx, &in.Context}} {
		if f.path == "" {
			continue
		}
		if *f.dst, err = os.ReadFile(f.path); err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
	}
	res, err := m.Run(*section, in)
	if err != nil {
		e.errorf("%s: %v", path, err)
		return exitInvalid
	}
	for _, t := range res.Trace {
		fmt.Fprintf(e.stdout, "trace: %s\n", strings.TrimRight(t, "\n"))
	}
	if res.Fault != nil {
		fmt.Fprintf(e.stdout, "fault: %v\n", res.Fault)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "R0 = %d (%#x)\n", res.R0, res.R0)
	return exitOK
}
