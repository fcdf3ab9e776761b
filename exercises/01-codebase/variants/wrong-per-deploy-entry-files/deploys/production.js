process.env.CUSTOM_CODES ??= 'off';
await import('../app.js');
