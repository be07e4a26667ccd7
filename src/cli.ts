// Wired up in the foundation issue: parse, pick a command, print, exit code.
console.log('entra-vm-login');
