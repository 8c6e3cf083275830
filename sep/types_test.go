package sep

import (
	"math/big"
	"strings"
	"testing"
)

func TestSizeOf(t *testing.T) {
	env := KernelStructs()
	env.Typedefs = map[string]Type{"iph_t": &StructType{Name: "iphdr"}}
	tests := []struct {
		src  string
		size int64
		err  string
	}{
		{"u8", 1, ""}, {"__be16", 2, ""}, {"int", 4, ""}, {"unsigned long", 8, ""},
		{"bool", 1, ""}, {"void *", 8, ""}, {"struct ethhdr", 14, ""}, {"iph_t", 20, ""},
		{"struct udphdr [3]", 24, ""}, {"u32 * [4]", 32, ""},
		{"void", 0, "type void has no size"},
		{"struct nope", 0, "struct nope is not defined"},
	}
	for _, tt := range tests {
		ty, err := ParseType(tt.src, &Config{Types: env})
		if err != nil {
			t.Fatalf("ParseType(%q): %v", tt.src, err)
		}
		n, err := SizeOf(env, ty)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("SizeOf(%s) = %d, %v; want error %q", ty, n, err, tt.err)
			}
			continue
		}
		if err != nil || n != tt.size {
			t.Errorf("SizeOf(%s) = %d, %v; want %d", ty, n, err, tt.size)
		}
	}
	if _, err := SizeOf(env, &ArrayType{Elem: U64, Len: 1 << 61}); err == nil {
		t.Error("SizeOf of a huge array: no error")
	}
}

func TestOffsetOf(t *testing.T) {
	env := KernelStructs()
	ip := &StructType{Name: "iphdr"}
	for _, tt := range []struct {
		field string
		off   int64
		ty    Type
	}{{"tos", 1, U8}, {"tot_len", 2, U16}, {"protocol", 9, U8}, {"saddr", 12, U32}, {"daddr", 16, U32}} {
		off, ty, err := OffsetOf(env, ip, tt.field)
		if err != nil || off != tt.off || !TypeEqual(ty, tt.ty) {
			t.Errorf("OffsetOf(iphdr, %s) = %d, %v, %v", tt.field, off, ty, err)
		}
	}
	if _, _, err := OffsetOf(env, U32, "x"); err == nil {
		t.Error("OffsetOf(u32): no error")
	}
	if _, _, err := OffsetOf(Builtin, ip, "tos"); err == nil {
		t.Error("OffsetOf with Builtin: no error")
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		ty   *IntType
		in   string
		want string
	}{
		{U8, "256", "0"}, {U8, "-1", "255"}, {S8, "128", "-128"}, {S8, "-129", "127"},
		{U32, "4294967296", "0"}, {S32, "2147483648", "-2147483648"},
		{U64, "-1", "18446744073709551615"}, {S64, "9223372036854775808", "-9223372036854775808"},
		{U64, "340282366920938463463374607431768211457", "1"},
	} {
		x, _ := new(big.Int).SetString(tt.in, 10)
		if got := tt.ty.Wrap(x).String(); got != tt.want {
			t.Errorf("%s.Wrap(%s) = %s, want %s", tt.ty, tt.in, got, tt.want)
		}
	}
}

func TestTypeEqual(t *testing.T) {
	a := &PointerType{Elem: &StructType{Name: "iphdr"}}
	b := &PointerType{Elem: &StructType{Name: "iphdr"}}
	c := &PointerType{Elem: &StructType{Name: "ethhdr"}}
	if !TypeEqual(a, b) || TypeEqual(a, c) || TypeEqual(U32, S32) || !TypeEqual(&IntType{Size: 4}, U32) ||
		TypeEqual(&ArrayType{Elem: U8, Len: 2}, &ArrayType{Elem: U8, Len: 3}) || TypeEqual(nil, U8) || !TypeEqual(nil, nil) {
		t.Error("TypeEqual")
	}
}
