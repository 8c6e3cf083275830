// Input for TestClangObject: exercises the v4 instructions clang emits.
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;
typedef int s32;
typedef short s16;
typedef signed char s8;

static __attribute__((noinline)) s64 sdiv(s64 a, s64 b) { return b ? a / b + a % b : 0; }

static __attribute__((noinline)) s32 sdiv32(s32 a, s32 b) { return b ? a / b - a % b : 0; }

__attribute__((section("socket"))) int prog(u64 *p) {
	s64 acc = *(s8 *)p + *(s16 *)(p + 1) + *(s32 *)(p + 2);
	u32 w = *(u32 *)(p + 3);
	acc += __builtin_bswap16((unsigned short)w) + __builtin_bswap32(w) + __builtin_bswap64(acc);
	acc += (s8)acc + (s16)w + (s32)acc;
	__sync_fetch_and_add(p, 1);
	__sync_fetch_and_or((u32 *)p, 2);
	acc += __sync_fetch_and_and(p, 3);
	acc += __sync_fetch_and_xor((u32 *)p, 4);
	acc += __sync_val_compare_and_swap(p, 5, acc);
	acc += __sync_lock_test_and_set(p + 1, 6);
	acc += __atomic_exchange_n((u32 *)p + 3, 7, __ATOMIC_SEQ_CST);
	acc += 0x123456789abcdef;
	if ((s32)w > 100 && (u32)acc < 7)
		acc = sdiv(acc, w);
	else
		acc = sdiv32((s32)acc, (s32)w);
	for (int i = 0; i < (int)(w & 7); i++)
		acc = acc * 3 - i;
	return acc >> 3;
}
