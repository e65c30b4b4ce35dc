/**
 * The add-in-only XML manifest for Excel: a task pane opened by a button on the Home tab. One
 * template for every deployment; `scripts/manifest.ts --base-url https://…` writes it for a server,
 * and manifests/manifest.xml is its output for local use (https://localhost:8787).
 */
export interface ManifestOptions {
  /** Where the worker serves the add-in, https only (e.g. https://shinchoku.city.example.jp). */
  baseUrl: string;
  /** The add-in's GUID: one per deployment, so a dev and a production add-in can be installed side by side. */
  id: string;
  version?: string;
  /** Added to the name so people can tell a test deployment from production, e.g. "（開発）". */
  nameSuffix?: { ja: string; en: string };
}

export const DEV_BASE_URL = 'https://localhost:8787';
export const DEV_ID = '6a0b1c7e-4f0e-4d2a-9f7c-2f3b8e9d1a01';
export const PRODUCTION_ID = '3d5e9a42-8c1b-4b7e-a0d6-5c2f7e1b9c10';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Checks a base URL: https, no query or fragment; returned without a trailing slash. */
export function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The base URL "${value}" is not a URL (e.g. https://shinchoku.example.jp).`);
  }
  if (url.protocol !== 'https:') throw new Error(`Office loads add-ins only over https: "${value}".`);
  if (url.search || url.hash) throw new Error(`The base URL must not have a query or fragment: "${value}".`);
  return url.href.replace(/\/$/, '');
}

export function manifestXml(options: ManifestOptions): string {
  const base = normalizeBaseUrl(options.baseUrl);
  if (!GUID.test(options.id)) throw new Error(`The add-in id must be a GUID: "${options.id}".`);
  const suffix = options.nameSuffix ?? { ja: '', en: '' };
  const u = (path: string) => xml(`${base}/${path}`);
  const icon = (size: number) => u(`assets/icon-${size}.png`);
  const images = (prefix: string) =>
    [16, 32, 80]
      .map((s) => `                  <bt:Image size="${s}" resid="${prefix}.${s}x${s}"/>`)
      .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
  xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
  xsi:type="TaskPaneApp">
  <Id>${options.id}</Id>
  <Version>${xml(options.version ?? '1.0.0.0')}</Version>
  <ProviderName>Shinchoku</ProviderName>
  <DefaultLocale>ja-JP</DefaultLocale>
  <DisplayName DefaultValue="${xml(`進捗報告${suffix.ja}`)}">
    <Override Locale="en-US" Value="${xml(`Shinchoku KPI report${suffix.en}`)}"/>
  </DisplayName>
  <Description DefaultValue="担当課のKPI実績をExcelで入力し、検証・保存・提出します。">
    <Override Locale="en-US" Value="Enter and submit your department's KPI results in Excel, checked as you type."/>
  </Description>
  <IconUrl DefaultValue="${icon(32)}"/>
  <HighResolutionIconUrl DefaultValue="${icon(64)}"/>
  <SupportUrl DefaultValue="${u('taskpane.html')}"/>
  <AppDomains>
    <AppDomain>https://login.microsoftonline.com</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="1.9"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${u('taskpane.html')}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="GetStarted.LearnMoreUrl"/>
          </GetStarted>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Shinchoku.Group">
                <Label resid="Group.Label"/>
                <Icon>
${images('Icon')}
                </Icon>
                <Control xsi:type="Button" id="Shinchoku.OpenPane">
                  <Label resid="OpenPane.Label"/>
                  <Supertip>
                    <Title resid="OpenPane.Label"/>
                    <Description resid="OpenPane.Tooltip"/>
                  </Supertip>
                  <Icon>
${images('Icon')}
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>ShinchokuPane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16x16" DefaultValue="${icon(16)}"/>
        <bt:Image id="Icon.32x32" DefaultValue="${icon(32)}"/>
        <bt:Image id="Icon.80x80" DefaultValue="${icon(80)}"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Commands.Url" DefaultValue="${u('commands.html')}"/>
        <bt:Url id="Taskpane.Url" DefaultValue="${u('taskpane.html')}"/>
        <bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${u('taskpane.html')}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="GetStarted.Title" DefaultValue="進捗報告アドインを使う準備ができました">
          <bt:Override Locale="en-US" Value="The progress report add-in is ready"/>
        </bt:String>
        <bt:String id="Group.Label" DefaultValue="進捗報告">
          <bt:Override Locale="en-US" Value="Progress report"/>
        </bt:String>
        <bt:String id="OpenPane.Label" DefaultValue="進捗報告">
          <bt:Override Locale="en-US" Value="Progress report"/>
        </bt:String>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="GetStarted.Description" DefaultValue="［ホーム］タブの［進捗報告］から作業ウィンドウを開き、サインインしてください。">
          <bt:Override Locale="en-US" Value="Open the pane from Home &gt; Progress report and sign in."/>
        </bt:String>
        <bt:String id="OpenPane.Tooltip" DefaultValue="担当課のKPIシートを開き、実績を入力・提出します。">
          <bt:Override Locale="en-US" Value="Open your department's KPI sheet to enter and submit results."/>
        </bt:String>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
