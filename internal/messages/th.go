package messages

// thai holds the Thai wording of every message, keyed by its English format.
var thai = map[string]string{}
