package asm

import (
	"strconv"

	"vep/internal/elfobj"
)

// mapTypeNames are the names of map types in .map and .inner directives.
var mapTypeNames = map[string]uint32{
	"hash":             elfobj.MapHash,
	"array":            elfobj.MapArray,
	"prog_array":       elfobj.MapProgArray,
	"perf_event_array": elfobj.MapPerfEventArray,
	"percpu_hash":      elfobj.MapPerCPUHash,
	"percpu_array":     elfobj.MapPerCPUArray,
	"stack_trace":      elfobj.MapStackTrace,
	"lru_hash":         elfobj.MapLRUHash,
	"array_of_maps":    elfobj.MapArrayOfMaps,
	"hash_of_maps":     elfobj.MapHashOfMaps,
	"sockmap":          elfobj.MapSockMap,
	"ringbuf":          elfobj.MapRingBuf,
}

// mapTypeName returns the name of map type t, or its decimal number if it
// has no name.
func mapTypeName(t uint32) string {
	for name, v := range mapTypeNames {
		if v == t {
			return name
		}
	}
	return strconv.FormatUint(uint64(t), 10)
}

// isMapInMap reports whether map type t holds inner maps.
func isMapInMap(t uint32) bool {
	return t == elfobj.MapArrayOfMaps || t == elfobj.MapHashOfMaps
}

// parseUint32 parses a decimal or 0x-hexadecimal number of at most 32 bits.
func parseUint32(s string) (uint32, bool) {
	digits, base := s, 10
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits, base = s[2:], 16
	}
	if digits == "" {
		return 0, false
	}
	for _, c := range []byte(digits) {
		if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(digits, base, 32)
	return uint32(v), err == nil
}
