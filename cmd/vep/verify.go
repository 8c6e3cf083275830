package main

import (
	"flag"
	"fmt"
	"os"

	"vep"
)

// verifyCommand is "vep verify".
var verifyCommand = &command{
	summary: "verify annotated eBPF programs in C",
	usage: `usage: vep verify FILE.c...

Verify proves each program safe: every memory access, helper call and loop
of every entry point and of every subprogram with a contract. It prints each
failure as FILE:LINE:COL: error: message, with the obligation that failed,
the state it was proved from and a counterexample when there is one, and
then one summary line per function.

Flags:
  -I DIR    search DIR for #include files before vep's hermetic headers

Exit codes: 0 when every function verifies, 1 when one is rejected, 2 for
invalid input (C that does not compile, a malformed annotation).
`,
}

// init registers the command.
func init() {
	verifyCommand.run = runVerify
	commands["verify"] = verifyCommand
}

// runVerify runs "vep verify" and returns the exit code.
func runVerify(e *env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var includes []string
	fs.Func("I", "include directory", func(s string) error {
		includes = append(includes, s)
		return nil
	})
	files, code, done := parseFlags(e, verifyCommand, fs, args)
	if done {
		return code
	}
	if len(files) == 0 {
		return usageError(e, verifyCommand, "verify wants at least one input file")
	}
	var opts []vep.Option
	for _, dir := range includes {
		opts = append(opts, vep.WithInclude(os.DirFS(dir)))
	}
	exit := exitOK
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			e.errorf("%v", err)
			exit = exitInvalid
			continue
		}
		rep, err := vep.Verify(file, src, opts...)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			exit = exitInvalid
			continue
		}
		fmt.Fprint(e.stdout, rep.String())
		if !rep.OK() && exit == exitOK {
			exit = exitFail
		}
	}
	return exit
}
