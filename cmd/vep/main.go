// Command vep is the command-line interface of the vep eBPF verification
// toolchain.
//
// Usage:
//
//	vep <command> [arguments]
//
// The commands are:
//
//	verify  verify annotated eBPF programs in C
//	compile verify, compile and prove annotated C into an object
//	prove   prove annotated eBPF assembly and write the object
//	check   check the proofs of an object with the trusted checker
//	asm     assemble annotated eBPF assembly into an object
//	disasm  print an object as annotated assembly
//	run     execute a program of an object in the interpreter
//	bench   measure vep on the example corpus
//	help    print help for a command
//
// Exit codes: 0 on success, 1 when a program faults or is rejected, 2 for
// invalid input or usage. Run "vep help <command>" for a command's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK      = 0 // success
	exitFail    = 1 // the program faulted or was rejected
	exitInvalid = 2 // invalid input or usage
)

// command is one subcommand: a file of its own defines it and registers it
// in commands.
type command struct {
	summary string
	usage   string // the full help text, starting with the usage line
	run     func(env *env, args []string) int
}

// commands lists the subcommands by name.
var commands = map[string]*command{}

// env is what a command may use to talk to the world besides files.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errorf prints a message to stderr prefixed with "vep: ".
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "vep: "+format+"\n", args...)
}

// main runs vep with the process's arguments and exits with its code.
func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return exitInvalid
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		if len(args) > 2 {
			e.errorf("help takes at most one command")
			return exitInvalid
		}
		if len(args) == 2 {
			c, ok := commands[args[1]]
			if !ok {
				e.errorf("unknown command %q", args[1])
				return exitInvalid
			}
			fmt.Fprint(stdout, c.usage)
			return exitOK
		}
		printUsage(stdout)
		return exitOK
	default:
		c, ok := commands[name]
		if !ok {
			e.errorf("unknown command %q; run 'vep help'", name)
			return exitInvalid
		}
		return c.run(e, args[1:])
	}
}

// commandOrder is the order in which the usage lists the commands, the
// pipeline first; commands not listed here follow in alphabetical order.
var commandOrder = []string{"verify", "compile", "prove", "check", "asm", "disasm", "run", "bench"}

// printUsage prints the list of commands.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "vep is a verification toolchain for eBPF.\n\nUsage:\n\n\tvep <command> [arguments]\n\nThe commands are:\n\n")
	var names, rest []string
	for _, name := range commandOrder {
		if _, ok := commands[name]; ok {
			names = append(names, name)
		}
	}
	for name := range commands {
		if !slices.Contains(commandOrder, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range append(names, rest...) {
		fmt.Fprintf(w, "\t%-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprint(w, "\nExit codes: 0 success, 1 fault or rejection, 2 invalid input or usage.\nRun 'vep help <command>' for more about a command.\n")
}

// parseFlags parses args with fs, allowing flags after positional
// arguments, and returns the positional arguments. On -h it prints the
// command's usage to stdout; it returns done with the exit code to use when
// the command should stop.
func parseFlags(e *env, c *command, fs *flag.FlagSet, args []string) (pos []string, code int, done bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, c.usage)
				return nil, exitOK, true
			}
			e.errorf("%v", err)
			fmt.Fprint(e.stderr, firstLine(c.usage))
			return nil, exitInvalid, true
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, false
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, false
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// firstLine returns the first line of s with its newline.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return s + "\n"
}

// usageError reports a usage error for c and returns exitInvalid.
func usageError(e *env, c *command, format string, args ...any) int {
	e.errorf(format, args...)
	fmt.Fprint(e.stderr, firstLine(c.usage))
	return exitInvalid
}
