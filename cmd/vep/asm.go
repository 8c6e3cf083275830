package main

import (
	"flag"
	"os"
	"strings"

	"vep/internal/asm"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/spec"
)

// asmCommand is "vep asm".
var asmCommand = &command{
	summary: "assemble annotated eBPF assembly into an object",
	usage: `usage: vep asm FILE.s [-o FILE.o]

Asm assembles FILE.s, written in the syntax of clang -S -target bpf plus
vep's annotations and the .license, .map and .inner directives (see
docs/asm.md), into an ELF relocatable object that standard loaders accept.
The annotations go into the object's .vep.spec section.

Flags:
  -o FILE   the object to write (default: FILE.s with the suffix .o)

Errors are printed as FILE:LINE:COL: message, with exit code 2.
`,
}

// init registers the command.
func init() {
	asmCommand.run = runAsm
	commands["asm"] = asmCommand
}

// runAsm runs "vep asm" and returns the exit code.
func runAsm(e *env, args []string) int {
	fs := flag.NewFlagSet("asm", flag.ContinueOnError)
	out := fs.String("o", "", "output object")
	files, code, done := parseFlags(e, asmCommand, fs, args)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(e, asmCommand, "asm wants one input file")
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
	u, err := asm.Assemble(in, src)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	obj := u.Object
	if len(u.Annotations) > 0 {
		data, err := spec.Encode(u.Annotations)
		if err != nil {
			e.errorf("%s: %v", in, err)
			return exitInvalid
		}
		obj.Extra = append(obj.Extra, &elfobj.RawSection{Name: spec.SectionName, Data: data})
	}
	b, err := elfwrite.Write(obj)
	if err != nil {
		e.errorf("%s: %v", in, err)
		return exitInvalid
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	return exitOK
}
