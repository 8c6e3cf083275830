package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"vep"
)

// checkCommand is "vep check".
var checkCommand = &command{
	summary: "check the proofs of an object with the trusted checker",
	usage: `usage: vep check FILE.o...
       vep check FILE.s --proof FILE.proof

Check re-derives the verification conditions of every program of each
object from its bytecode and .vep.spec annotations and validates the proofs
in .vep.proof, without searching for proofs. It prints one line per
program, "accepted" or "rejected" with the reasons.

With --proof, the input is annotated assembly (docs/asm.md) and the proof
comes from a separate file, as "vep prove --proof" writes it: the assembly
is assembled and the resulting bytecode is checked against that proof.

Flags:
  --proof FILE   the proof of the one assembly file given

Exit codes: 0 when every program is accepted, 1 when one is rejected, 2
when a file is not a readable object.
`,
}

// init registers the command.
func init() {
	checkCommand.run = runCheck
	commands["check"] = checkCommand
}

// runCheck runs "vep check" and returns the exit code.
func runCheck(e *env, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	proofFile := fs.String("proof", "", "proof of an assembly file")
	files, code, done := parseFlags(e, checkCommand, fs, args)
	if done {
		return code
	}
	if len(files) == 0 {
		return usageError(e, checkCommand, "check wants at least one object")
	}
	if *proofFile != "" && len(files) != 1 {
		return usageError(e, checkCommand, "check --proof wants one assembly file")
	}
	exit := exitOK
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			e.errorf("%v", err)
			exit = exitInvalid
			continue
		}
		var rep *vep.CheckReport
		if *proofFile != "" {
			proof, perr := os.ReadFile(*proofFile)
			if perr != nil {
				e.errorf("%v", perr)
				return exitInvalid
			}
			rep, err = vep.CheckAsm(file, b, proof)
		} else {
			rep, err = vep.Check(b)
		}
		if err != nil {
			if *proofFile != "" {
				e.errorf("%v", err) // assembly errors name the file
			} else {
				e.errorf("%s: %v", file, err)
			}
			exit = exitInvalid
			continue
		}
		for _, p := range rep.Programs {
			verdict := "accepted"
			if !p.Accepted {
				verdict = "rejected"
			}
			fmt.Fprintf(e.stdout, "%s: %s/%s: %s (%d VCs, %d proof bytes, %v)\n", file, p.Section, p.Func, verdict, p.VCs, p.ProofBytes, p.Time.Round(time.Microsecond))
			for _, r := range p.Reasons {
				fmt.Fprintf(e.stdout, "\t%v\n", r)
			}
		}
		if !rep.Accepted() && exit == exitOK {
			exit = exitFail
		}
	}
	return exit
}
