package main

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// mapUpdater is the part of interp.MapState that loadMap needs.
type mapUpdater interface {
	Update(key, value []byte) error
}

// loadMap stores the entries of a map file (lines "KEY VALUE" in hex, see
// the usage of run) into m. name is used in error positions.
func loadMap(name string, data []byte, m mapUpdater) error {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return fmt.Errorf("%s:%d: want \"KEY VALUE\" in hex, found %d fields", name, i+1, len(fields))
		}
		var kv [2][]byte
		for j, f := range fields {
			b, err := hex.DecodeString(strings.TrimPrefix(f, "0x"))
			if err != nil {
				return fmt.Errorf("%s:%d: %q is not a hexadecimal byte string", name, i+1, f)
			}
			kv[j] = b
		}
		if err := m.Update(kv[0], kv[1]); err != nil {
			return fmt.Errorf("%s:%d: %v", name, i+1, err)
		}
	}
	return nil
}
