/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// User settings for every launch: nothing reaches out (gallery, updates, experiments, telemetry), and
// Workspace Trust is either off (default launch) or on with the workspace left untrusted.
'use strict';
const fs = require('fs');
const path = require('path');

const OFFLINE = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  // A session must never change the files it shows: nothing is saved unless a test saves it.
  'files.autoSave': 'off',
  'files.hotExit': 'off',
};

/** @param {'off' | 'untrusted'} trust */
function userSettings(trust, extra = {}) {
  const trustSettings =
    trust === 'untrusted'
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
          'security.workspace.trust.emptyWindow': false,
        }
      : { 'security.workspace.trust.enabled': false };
  return { ...OFFLINE, ...trustSettings, ...extra };
}

/** Writes `<userDataDir>/User/settings.json`. */
function writeUserSettings(userDataDir, trust, extra) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(userSettings(trust, extra), null, 1));
}

/** The trust mode asked for on a command line: `--ion-workspace-trust=untrusted` (else 'off'). */
function trustFromArgs(args) {
  return args.includes('--ion-workspace-trust=untrusted') ? 'untrusted' : 'off';
}

module.exports = { userSettings, writeUserSettings, trustFromArgs };
