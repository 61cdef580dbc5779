// Placeholder entry; the real CLI is being written.
console.log('init-lens');
