package bench

import (
	"os"
	"strings"
	"testing"
)

func TestVerifierLog(t *testing.T) {
	tests := []struct {
		name      string
		log       string
		processed int
		line      int
		insn      int
		message   string
	}{
		{
			name:      "accepted",
			log:       "processed 855 insns (limit 1000000) max_states_per_insn 4 total_states 60 peak_states 60 mark_read 6\n",
			processed: 855,
			insn:      -1,
			message:   "rejected",
		},
		{
			name: "rejected with line information",
			log: "0: R1=ctx() R10=fp0\n; __u32 key = ctx->ingress_ifindex; @ <stdin>:18\n0: (61) r1 = *(u32 *)(r1 +12)\n" +
				"; *count += 1; @ <stdin>:20\n5: (79) r1 = *(u64 *)(r0 +0)\nR0 invalid mem access 'map_value_or_null'\n" +
				"verification time 25 usec\nstack depth 4\nprocessed 7 insns (limit 1000000) max_states_per_insn 0\n",
			processed: 7,
			line:      20,
			insn:      5,
			message:   "R0 invalid mem access 'map_value_or_null'",
		},
		{
			name:    "rejected without statistics",
			log:     "R2 offset is outside of the packet\n\n",
			insn:    -1,
			message: "R2 offset is outside of the packet",
		},
		{name: "empty", insn: -1, message: "rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := strings.Split(tt.log, "\n")
			if got := processed(log); got != tt.processed {
				t.Errorf("processed = %d, want %d", got, tt.processed)
			}
			if got := logLine(log); got != tt.line {
				t.Errorf("logLine = %d, want %d", got, tt.line)
			}
			if got := lastInsn(log); got != tt.insn {
				t.Errorf("lastInsn = %d, want %d", got, tt.insn)
			}
			if got := lastMessage(log); got != tt.message {
				t.Errorf("lastMessage = %q, want %q", got, tt.message)
			}
		})
	}
}

// TestKernel compiles two programs with clang and loads them into the
// kernel. It is skipped without clang 19 or where bpf() is not permitted.
func TestKernel(t *testing.T) {
	if _, err := os.Stat(ClangPath); err != nil {
		t.Skipf("clang 19 not installed at %s", ClangPath)
	}
	if err := KernelAvailable(); err != nil {
		t.Skipf("kernel verifier not available: %v", err)
	}
	const prelude = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
	tests := []struct {
		name string
		src  string
		want Verdict
		line int
	}{
		{"pass", prelude + "SEC(\"xdp\")\nint pass(struct xdp_md *ctx)\n{\n\treturn XDP_PASS;\n}\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n", Safe, 0},
		{"oob", prelude + "SEC(\"xdp\")\nint oob(struct xdp_md *ctx)\n{\n\tvoid *data = (void *)(long)ctx->data;\n" +
			"\treturn *(__u32 *)data;\n}\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n", Unsafe, 7},
	}
	compile := Clang(ClangPath, "../../cparse/include")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := compile(tt.name+".c", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			r, err := LoadKernel(tt.name+".c", obj.Object)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tt.want || r.Processed == 0 || r.Insns == 0 || r.Time <= 0 {
				t.Fatalf("LoadKernel = %+v, want verdict %s with processed and instruction counts and a time", r, tt.want)
			}
			if tt.want == Unsafe && (len(r.Diags) != 1 || r.Diags[0].Line != tt.line) {
				t.Errorf("diagnostics %+v, want one at line %d", r.Diags, tt.line)
			}
		})
	}
	// One program of two rejected: the kernel stage loads them one by one.
	two := prelude + "SEC(\"xdp\")\nint pass(struct xdp_md *ctx)\n{\n\treturn XDP_PASS;\n}\n" +
		"SEC(\"xdp\")\nint oob(struct xdp_md *ctx)\n{\n\tvoid *data = (void *)(long)ctx->data;\n" +
		"\treturn *(__u32 *)data;\n}\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n"
	obj, err := compile("two.c", []byte(two))
	if err != nil {
		t.Fatal(err)
	}
	if n, progs, err := CountInsns(obj.Object); err != nil || n == 0 || progs != 2 {
		t.Errorf("CountInsns = %d, %d, %v; want instructions of 2 programs", n, progs, err)
	}
	r, err := LoadKernel("two.c", obj.Object)
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Unsafe || r.Programs != 2 || r.Accepted != 1 || len(r.Diags) != 1 || r.Diags[0].Line != 12 ||
		!strings.HasPrefix(r.Diags[0].Message, "oob: ") {
		t.Errorf("LoadKernel of two programs = %+v, want 1 of 2 accepted, oob rejected at line 12", r)
	}
	if _, err := compile("bad.c", []byte("int f(void) { return x; }\n")); err == nil || !strings.Contains(err.Error(), "clang") {
		t.Errorf("compiling invalid C: got error %v, want clang's", err)
	}
}
