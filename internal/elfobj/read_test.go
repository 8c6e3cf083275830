package elfobj_test

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vep/internal/elfobj"
)

var le = binary.LittleEndian

// elfFile is a clang-built object from testdata with helpers that locate
// the bytes of sections, symbols and relocations for mutation.
type elfFile struct {
	t *testing.T
	b []byte
	f *elf.File
}

func openTestdata(t *testing.T, name string) *elfFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".o"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return &elfFile{t: t, b: b, f: f}
}

func (e *elfFile) section(name string) (int, *elf.Section) {
	for i, s := range e.f.Sections {
		if s.Name == name {
			return i, s
		}
	}
	e.t.Fatalf("no section %s", name)
	return 0, nil
}

// data returns the contents of a section, aliasing the file.
func (e *elfFile) data(name string) []byte {
	_, s := e.section(name)
	return e.b[s.Offset : s.Offset+s.Size]
}

// shdr returns the section header of a section, aliasing the file.
func (e *elfFile) shdr(name string) []byte {
	i, _ := e.section(name)
	off := le.Uint64(e.b[40:]) + 64*uint64(i)
	return e.b[off : off+64]
}

// symIndex returns the index of the named symbol.
func (e *elfFile) symIndex(name string) int {
	syms, err := e.f.Symbols()
	if err != nil {
		e.t.Fatal(err)
	}
	for i, s := range syms {
		if s.Name == name && elf.ST_TYPE(s.Info) != elf.STT_SECTION {
			return i + 1 // Symbols omits the null symbol
		}
	}
	e.t.Fatalf("no symbol %s", name)
	return 0
}

// sym returns the symbol table entry of the named symbol.
func (e *elfFile) sym(name string) []byte {
	i := e.symIndex(name)
	return e.data(".symtab")[24*i : 24*i+24]
}

// rel returns relocation i of code section sec.
func (e *elfFile) rel(sec string, i int) []byte {
	return e.data(".rel" + sec)[16*i : 16*i+16]
}

// relSlot returns the slot that relocation i of sec patches.
func (e *elfFile) relSlot(sec string, i int) int { return int(le.Uint64(e.rel(sec, i)) / 8) }

// insn returns the bytes of the instruction at a slot of sec.
func (e *elfFile) insn(sec string, slot int) []byte { return e.data(sec)[8*slot:] }

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, file string
		edit       func(e *elfFile)
		err        string
	}{
		{"machine", "xdp_map", func(e *elfFile) { le.PutUint16(e.b[18:], uint16(elf.EM_X86_64)) }, "want EM_BPF"},
		{"big-endian", "xdp_map", func(e *elfFile) { e.b[5] = byte(elf.ELFDATA2MSB) }, ""},
		{"class32", "xdp_map", func(e *elfFile) { e.b[4] = byte(elf.ELFCLASS32) }, ""},
		{"executable", "xdp_map", func(e *elfFile) { le.PutUint16(e.b[16:], uint16(elf.ET_EXEC)) }, "want a relocatable object"},
		{"section-outside-file", "xdp_map", func(e *elfFile) { le.PutUint64(e.shdr("xdp")[24:], 1<<40) }, "section xdp: contents lie outside the file"},
		{"section-size-odd", "xdp_map", func(e *elfFile) { le.PutUint64(e.shdr("xdp")[32:], e.f.Section("xdp").Size-4) }, "not a multiple of 8"},
		{"compressed", "xdp_map", func(e *elfFile) { e.shdr("xdp")[9] |= byte(elf.SHF_COMPRESSED >> 8) }, "compressed"},
		{"bad-opcode", "xdp_map", func(e *elfFile) { e.insn("xdp", 0)[0] = 0xff }, "section xdp: instruction 0"},

		// Map relocations.
		{"map-symbol-local", "xdp_map", func(e *elfFile) { e.sym("arr")[4] = elf.ST_INFO(elf.STB_LOCAL, elf.STT_OBJECT) }, `want a global object symbol`},
		{"map-symbol-func", "xdp_map", func(e *elfFile) { e.sym("arr")[4] = elf.ST_INFO(elf.STB_GLOBAL, elf.STT_FUNC) }, `map "arr" has no symbol`},
		{"map-symbol-offset", "xdp_map", func(e *elfFile) { le.PutUint64(e.sym("arr")[8:], 8) }, `map "arr" lies outside the section`},
		{"map-symbol-not-map", "xdp_map", func(e *elfFile) {
			maps, _ := e.section(".maps")
			le.PutUint16(e.sym("_license")[6:], uint16(maps))
			le.PutUint32(e.rel("xdp", 0)[12:], uint32(e.symIndex("_license")))
		}, `global object symbol "_license" in section .maps is not a map definition`},
		{"map-symbol-size", "xdp_map", func(e *elfFile) { le.PutUint64(e.sym("arr")[16:], 40) }, `does not match its BTF definition`},
		{"map-imm", "xdp_map", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 0))[4] = 8 }, "non-zero immediate"},
		{"map-imm-high", "xdp_map", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 0))[12] = 8 }, "non-zero immediate"},
		{"map-src-value", "xdp_map", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 0))[1] |= 2 << 4 }, "want 0 or 1"},
		{"map-unrelocated", "xdp_map", func(e *elfFile) {
			e.insn("xdp", e.relSlot("xdp", 0))[1] |= 1 << 4
			le.PutUint64(e.shdr(".relxdp")[32:], 0)
		}, "instruction 4: map load without relocation"},
		{"reloc-misaligned", "xdp_map", func(e *elfFile) { le.PutUint64(e.rel("xdp", 0), le.Uint64(e.rel("xdp", 0))+4) }, "misaligned"},
		{"reloc-outside", "xdp_map", func(e *elfFile) { le.PutUint64(e.rel("xdp", 0), 1<<20) }, "outside section xdp"},
		{"reloc-second-slot", "xdp_map", func(e *elfFile) { le.PutUint64(e.rel("xdp", 0), le.Uint64(e.rel("xdp", 0))+8) }, "inside a 64-bit immediate load"},
		{"reloc-not-lddw", "xdp_map", func(e *elfFile) { le.PutUint64(e.rel("xdp", 0), 0) }, "instruction 0: R_BPF_64_64 relocation on an instruction that is not a 64-bit immediate load"},
		{"reloc-type", "xdp_map", func(e *elfFile) { le.PutUint32(e.rel("xdp", 0)[8:], 2) }, "unsupported relocation type 2"},
		{"reloc-sym-null", "xdp_map", func(e *elfFile) { le.PutUint32(e.rel("xdp", 0)[12:], 0) }, "relocation symbol 0 out of range"},
		{"reloc-sym-huge", "xdp_map", func(e *elfFile) { le.PutUint32(e.rel("xdp", 0)[12:], 1<<30) }, "out of range"},
		{"reloc-rela", "xdp_map", func(e *elfFile) { le.PutUint32(e.shdr(".relxdp")[4:], uint32(elf.SHT_RELA)) }, "RELA"},
		{"reloc-against-license", "xdp_map", func(e *elfFile) {
			le.PutUint32(e.rel("xdp", 0)[12:], uint32(e.symIndex("_license")))
		}, `want a map or a function`},

		// BTF map definitions.
		{"btf-magic", "xdp_map", func(e *elfFile) { e.data(".BTF")[0] = 0 }, "bad magic"},
		{"btf-truncated", "xdp_map", func(e *elfFile) { le.PutUint32(e.data(".BTF")[12:], 1<<20) }, "out of bounds"},
		{"btf-unknown-member", "xdp_map", func(e *elfFile) {
			d := e.data(".BTF")
			i := bytes.Index(d, []byte("max_entries\x00"))
			d[i+10] = 'z'
		}, `unsupported member "max_entriez"`},
		{"btf-no-datasec", "xdp_map", func(e *elfFile) {
			d := e.data(".BTF")
			i := bytes.Index(d, []byte(".maps\x00"))
			d[i+1] = 'n'
		}, `no DATASEC ".maps"`},
		{"btf-no-values-on-array", "mim", func(e *elfFile) {
			// Turn the outer array of maps into a plain array (type 2);
			// the __uint(type, 12) array is the only one with 12 elements.
			d := e.data(".BTF")
			var nel [4]byte
			le.PutUint32(nel[:], 12)
			i := bytes.Index(d, nel[:])
			for i >= 0 && i < len(d) {
				// Array records: type, index_type, nelems; nelems is the
				// third word of a 12-byte payload, 4-aligned.
				if i%4 == 0 {
					break
				}
				j := bytes.Index(d[i+1:], nel[:])
				if j < 0 {
					i = -1
					break
				}
				i += 1 + j
			}
			if i < 0 {
				t.Fatal("no nelems 12 in BTF")
			}
			le.PutUint32(d[i:], 2)
		}, `on map type 2, want an array or hash of maps`},

		// Functions.
		{"func-gap", "xdp_map", func(e *elfFile) { le.PutUint64(e.sym("xdp_map")[16:], le.Uint64(e.sym("xdp_map")[16:])-8) }, "belong to no function"},
		{"func-late", "xdp_map", func(e *elfFile) {
			s := e.sym("xdp_map")
			le.PutUint64(s[8:], 8)
			le.PutUint64(s[16:], le.Uint64(s[16:])-8)
		}, "starts at instruction 1, want 0"},
		{"func-size-zero", "xdp_map", func(e *elfFile) { le.PutUint64(e.sym("xdp_map")[16:], 0) }, "bad range"},
		{"func-beyond", "xdp_map", func(e *elfFile) { le.PutUint64(e.sym("xdp_map")[16:], 1<<20) }, "bad range"},
		{"func-dup-name", "calls", func(e *elfFile) {
			copy(e.sym("add3")[:4], e.sym("twice")[:4])
		}, `symbol "twice" defined twice`},
		{"func-inside-lddw", "callback", func(e *elfFile) {
			// tp: r1 = 4; r2 = cb ll; ... : end the function inside the lddw.
			s := e.sym("tp")
			le.PutUint64(s[16:], 16)
		}, "inside a 64-bit immediate load"},

		// Calls.
		{"call-global-imm", "calls", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 0))[4] = 0 }, "want -1"},
		{"call-section-imm", "calls", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 1))[4]++ }, "no function starts at byte offset"},
		{"call-local-func-symbol", "calls", func(e *elfFile) {
			le.PutUint32(e.rel("xdp", 1)[12:], uint32(e.symIndex("add3")))
		}, `call through local function symbol "add3"`},
		{"call-section-symbol-value", "calls", func(e *elfFile) {
			i := int(le.Uint32(e.rel("xdp", 1)[12:]))
			le.PutUint64(e.data(".symtab")[24*i+8:], 8)
		}, "with value 8, want 0"},
		{"call-not-call", "calls", func(e *elfFile) { le.PutUint64(e.rel("xdp", 0), 0) }, "not a bpf-to-bpf call"},
		{"call-helper", "calls", func(e *elfFile) { e.insn("xdp", e.relSlot("xdp", 0))[1] = 0 }, "not a bpf-to-bpf call"},
		{"call-twice-relocated", "calls", func(e *elfFile) { copy(e.rel("xdp", 1)[:8], e.rel("xdp", 0)[:8]) }, "more than one relocation"},
		{"call-unrelocated-bad-target", "calls", func(e *elfFile) {
			// twice calls add3 inside .text without a relocation.
			d := e.data(".text")
			for i := 0; i < len(d); i += 8 {
				if d[i] == 0x85 && d[i+1] == 0x10 {
					d[i+4]++
					return
				}
			}
			t.Fatal("no local call in .text")
		}, "section .text: instruction 2: call: no function starts"},

		// Function addresses.
		{"func-addr-offset", "callback", func(e *elfFile) { e.insn("tracepoint/syscalls/sys_enter_getpid", 1)[4] = 8 }, "no function starts at byte offset 8"},
		{"func-addr-section-value", "callback", func(e *elfFile) {
			i := int(le.Uint32(e.rel("tracepoint/syscalls/sys_enter_getpid", 0)[12:]))
			le.PutUint64(e.data(".symtab")[24*i+8:], 8)
		}, "want a section symbol with value 0"},
		{"func-addr-src", "callback", func(e *elfFile) { e.insn("tracepoint/syscalls/sys_enter_getpid", 1)[1] |= 2 << 4 }, "want 0 or 4"},
		{"func-addr-unrelocated", "callback", func(e *elfFile) {
			e.insn("tracepoint/syscalls/sys_enter_getpid", 1)[1] |= 4 << 4
			le.PutUint64(e.shdr(".reltracepoint/syscalls/sys_enter_getpid")[32:], 0)
		}, "function address load without relocation"},

		// Legacy maps.
		{"legacy-small", "legacy", func(e *elfFile) { le.PutUint64(e.sym("counts")[16:], 16) }, `map "counts" has size 16`},
		{"legacy-nonzero-tail", "legacy", func(e *elfFile) { le.PutUint64(e.sym("counts")[16:], 24) }, "non-zero fields after map_flags"},
		{"legacy-overlap", "legacy", func(e *elfFile) { le.PutUint64(e.sym("flows")[8:], 16) }, "overlaps"},
		{"legacy-extra-field", "legacy", func(e *elfFile) {
			le.PutUint64(e.sym("flows")[16:], 24)
			d := e.data("maps")
			if len(d) >= 44 {
				t.Fatal("maps section has room")
			}
		}, "lies outside the section"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := openTestdata(t, tc.file)
			if _, err := elfobj.Read(e.b); err != nil {
				t.Fatalf("unedited %s: %v", tc.file, err)
			}
			tc.edit(e)
			_, err := elfobj.Read(e.b)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

func TestReadTruncated(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "mim.o"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(b); n += 7 {
		if _, err := elfobj.Read(b[:n]); err == nil {
			t.Errorf("Read accepted the first %d of %d bytes", n, len(b))
		}
	}
}

func TestReadTooLarge(t *testing.T) {
	if _, err := elfobj.Read(make([]byte, elfobj.MaxObjectSize+1)); err == nil || !strings.Contains(err.Error(), "exceeds the limit") {
		t.Fatalf("got %v", err)
	}
}
