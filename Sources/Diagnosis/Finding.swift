// Diagnosis target
