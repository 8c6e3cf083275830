package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"vep"
)

// compileCommand is "vep compile".
var compileCommand = &command{
	summary: "verify, compile and prove annotated C into an object",
	usage: `usage: vep compile FILE.c [-o FILE.o] [-S] [--no-verify] [-I DIR]

Compile verifies FILE.c as "vep verify" does, compiles it to eBPF, carries
its annotations down to registers and stack slots, proves every
verification condition of the bytecode and writes an ELF object that
standard loaders accept, with the annotations in .vep.spec and the proofs
in .vep.proof.

Flags:
  -o FILE       the object to write (default: FILE.c with the suffix .o)
  -S            print the annotated assembly to stdout; the object is
                then written only if -o is given
  --no-verify   skip the C verifier and the proofs: the object has no
                .vep.proof section and "vep check" rejects it
  -I DIR        search DIR for #include files before vep's headers

Exit codes: 0 when the object has a proof of every verification
condition, 1 when the program does not verify or a proof is missing (the
object is still written, and the missing proofs are listed), 2 for invalid
input.
`,
}

// init registers the command.
func init() {
	compileCommand.run = runCompile
	commands["compile"] = compileCommand
}

// runCompile runs "vep compile" and returns the exit code.
func runCompile(e *env, args []string) int {
	fs := flag.NewFlagSet("compile", flag.ContinueOnError)
	out := fs.String("o", "", "output object")
	asmOut := fs.Bool("S", false, "print the annotated assembly")
	noVerify := fs.Bool("no-verify", false, "skip verification and proofs")
	var includes []string
	fs.Func("I", "include directory", func(s string) error {
		includes = append(includes, s)
		return nil
	})
	files, code, done := parseFlags(e, compileCommand, fs, args)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(e, compileCommand, "compile wants one input file")
	}
	in := files[0]
	src, err := os.ReadFile(in)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	var vopts []vep.Option
	for _, dir := range includes {
		vopts = append(vopts, vep.WithInclude(os.DirFS(dir)))
	}
	opts := []vep.CompileOption{vep.WithVerifyOptions(vopts...)}
	if *noVerify {
		opts = append(opts, vep.NoVerify())
	}
	o, err := vep.Compile(in, src, opts...)
	if err != nil {
		var ve *vep.VerifyError
		if errors.As(err, &ve) {
			fmt.Fprint(e.stderr, ve.Report.String())
			return exitFail
		}
		fmt.Fprintln(e.stderr, err)
		return exitInvalid
	}
	if *asmOut {
		text, err := o.Asm()
		if err != nil {
			e.errorf("%s: %v", in, err)
			return exitInvalid
		}
		e.stdout.Write(text)
	}
	if !*asmOut || *out != "" {
		if *out == "" {
			*out = strings.TrimSuffix(in, ".c") + ".o"
		}
		if err := os.WriteFile(*out, o.ELF, 0o644); err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
	}
	return reportProofs(e, o, !*noVerify)
}

// reportProofs prints the proofs that are missing (when proofs were
// searched) and returns the exit code.
func reportProofs(e *env, o *vep.Object, proved bool) int {
	if !proved {
		return exitOK
	}
	for _, f := range o.Failures {
		e.errorf("%s", f)
	}
	if !o.Complete() {
		e.errorf("%s: %d of %d verification conditions proved: vep check will reject the object", o.Name, o.Stats.Proved, o.Stats.VCs)
		return exitFail
	}
	return exitOK
}
