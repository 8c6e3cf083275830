package main

import (
	"flag"
	"os"

	"vep/internal/asm"
	"vep/internal/elfobj"
	"vep/internal/spec"
)

// disasmCommand is "vep disasm".
var disasmCommand = &command{
	summary: "print an object as annotated assembly",
	usage: `usage: vep disasm FILE.o

Disasm prints the eBPF object FILE.o as annotated assembly, with the
annotations of its .vep.spec section where it has one. vep asm assembles
the output back into the same object.

Errors name the section and instruction index, with exit code 2.
`,
}

// init registers the command.
func init() {
	disasmCommand.run = runDisasm
	commands["disasm"] = disasmCommand
}

// runDisasm runs "vep disasm" and returns the exit code.
func runDisasm(e *env, args []string) int {
	fs := flag.NewFlagSet("disasm", flag.ContinueOnError)
	files, code, done := parseFlags(e, disasmCommand, fs, args)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(e, disasmCommand, "disasm wants one object file")
	}
	obj, ann, ok := readObject(e, files[0])
	if !ok {
		return exitInvalid
	}
	text, err := asm.Disassemble(obj, ann)
	if err != nil {
		e.errorf("%s: %v", files[0], err)
		return exitInvalid
	}
	e.stdout.Write(text)
	return exitOK
}

// readObject reads the object at path and decodes its annotations.
func readObject(e *env, path string) (*elfobj.Object, []spec.Entry, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, false
	}
	obj, err := elfobj.Read(b)
	if err != nil {
		e.errorf("%s: %v", path, err)
		return nil, nil, false
	}
	var ann []spec.Entry
	for _, x := range obj.Extra {
		if x.Name != spec.SectionName {
			continue
		}
		if ann, err = spec.Decode(x.Data); err != nil {
			e.errorf("%s: section %s: %v", path, spec.SectionName, err)
			return nil, nil, false
		}
	}
	return obj, ann, true
}
