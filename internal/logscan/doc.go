// Package logscan is test support for proving that secrets stay out of
// captured output: a Buffer that collects log or process output from many
// goroutines, and AssertNoSecrets, which fails a test when any of the given
// secrets (or a URL- or JSON-escaped form of it, or one line of a multi-line
// secret such as a PEM key) appears in that output.
//
// It uses the standard library only and imports no package of this module,
// so every package, including the lowest ones, may use it in its tests.
// A failure names the secret by a label (its position, length and first few
// bytes), never by its whole value.
package logscan
