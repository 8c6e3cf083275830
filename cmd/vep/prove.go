package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"vep"
)

// proveCommand is "vep prove".
var proveCommand = &command{
	summary: "prove annotated eBPF assembly and write the object",
	usage: `usage: vep prove FILE.s [-o FILE.o] [--proof FILE.proof]

Prove assembles FILE.s (the annotated assembly of "vep asm" and "vep
compile -S"), derives the verification conditions of the bytecode from its
annotations, proves each and writes an object with .vep.spec and
.vep.proof sections.

Flags:
  -o FILE        the object to write (default: FILE.s with the suffix .o)
  --proof FILE   also write the proof alone (the .vep.proof section), for
                 "vep check FILE.s --proof FILE"

Exit codes: 0 when every verification condition is proved, 1 when one is
not (the object is still written and the missing proofs are listed), 2 for
invalid input.
`,
}

// init registers the command.
func init() {
	proveCommand.run = runProve
	commands["prove"] = proveCommand
}

// runProve runs "vep prove" and returns the exit code.
func runProve(e *env, args []string) int {
	fs := flag.NewFlagSet("prove", flag.ContinueOnError)
	out := fs.String("o", "", "output object")
	proofOut := fs.String("proof", "", "output proof")
	files, code, done := parseFlags(e, proveCommand, fs, args)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(e, proveCommand, "prove wants one input file")
	}
	in := files[0]
	if *out == "" {
		*out = strings.TrimSuffix(in, ".s") + ".o"
	}
	src, err := os.ReadFile(in)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	o, err := vep.CompileAsm(in, src)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitInvalid
	}
	if err := os.WriteFile(*out, o.ELF, 0o644); err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	if *proofOut != "" {
		if err := os.WriteFile(*proofOut, o.Proof, 0o644); err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
	}
	return reportProofs(e, o, true)
}
