//go:build !unix

package lia

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
