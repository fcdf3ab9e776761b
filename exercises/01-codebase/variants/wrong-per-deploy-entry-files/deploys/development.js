process.env.CUSTOM_CODES ??= 'on';
await import('../app.js');
