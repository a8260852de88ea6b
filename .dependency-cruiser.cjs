/**
 * Dependency rules checked by `npm test` (npm run depcheck): dependencies point down, features →
 * bot shared layer → services → storage, so nobody has to remember the layering.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-knows-no-bot',
      severity: 'error',
      comment: 'services/, storage/ and content/ know nothing of the bot or grammY: the bot calls down into them, never the reverse.',
      from: { path: '^src/(services|storage|content)/' },
      to: { path: ['^src/bot/', '(^|/)node_modules/(grammy|@grammyjs/)'] },
    },
    {
      name: 'storage-below-services',
      severity: 'error',
      comment:
        'storage/ sits below services/: it may use only the two leaf modules of shared vocabulary (the languages, and the eraser contract every store fulfils), never a service.',
      from: { path: '^src/storage/' },
      to: { path: '^src/services/', pathNot: '^src/services/(languages|privacy)[.]ts$' },
    },
    {
      name: 'no-feature-to-feature',
      severity: 'error',
      comment:
        'A feature never imports another feature; what two features share lives in the bot shared layer (screens/, keyboards/, render/ ...). A folder under features/ is one feature.',
      from: { path: '^src/bot/features/([^/.]+)' },
      to: { path: '^src/bot/features/', pathNot: '^src/bot/features/$1(/|[.]ts$)' },
    },
    {
      name: 'features-on-top',
      comment: "Features sit on top of the bot's shared layer: only createBot (bot/index.ts) wires them in; nothing shared reaches up into one.",
      severity: 'error',
      from: { path: '^src/bot/', pathNot: '^src/bot/(features/|index[.]ts$)' },
      to: { path: '^src/bot/features/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from the bot in a service is still the service knowing the bot.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    // The sources import with ES syntax only; reading require() calls would take config.ts's own
    // `require(variable, why)` helper for a module.
    moduleSystems: ['es6'],
  },
};
