import { Mic, MicOff, MonitorUp, MonitorX, PhoneOff, SwitchCamera, Video, VideoOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import type { ActiveCall } from '../callsSlice';
import { DeviceMenu } from './DeviceMenu';
import { RoundButton } from './RoundButton';
import { canShareScreen } from './useMediaDevices';

type Props = { active: ActiveCall; layout: 'desktop' | 'phone' };

/** Mute, camera, switch camera (phone), share screen (desktop), devices, hang up. */
export function CallControls({ active, layout }: Props) {
  const { t } = useTranslation();
  const setAudio = useAppStore((s) => s.setCallAudio);
  const setVideo = useAppStore((s) => s.setCallVideo);
  const setScreen = useAppStore((s) => s.setCallScreen);
  const switchCamera = useAppStore((s) => s.switchCallCamera);
  const hangUp = useAppStore((s) => s.hangUp);
  const engine = active.engine;
  const audio = engine?.audio ?? true;
  const video = engine?.video ?? active.media === 'video';
  const screen = engine?.screen ?? false;
  // A group call joined with voice may turn the camera on later.
  const videoCall = active.media === 'video' || active.topology === 'sfu';
  const answered = active.call?.answeredAt != null;
  const hangUpButton = (
    <RoundButton
      label={answered || !active.outgoing ? t('calls.hangUp') : t('calls.cancel')}
      tone="danger"
      captioned={layout === 'phone'}
      icon={<PhoneOff size={26} />}
      onClick={() => void hangUp()}
    />
  );
  return (
    <div className="call__controls">
      <RoundButton
        label={audio ? t('calls.mute') : t('calls.unmute')}
        tone={audio ? 'plain' : 'on'}
        pressed={!audio}
        captioned={layout === 'phone'}
        icon={audio ? <Mic size={24} /> : <MicOff size={24} />}
        onClick={() => setAudio(!audio)}
      />
      {videoCall && (
        <RoundButton
          label={video ? t('calls.cameraOff') : t('calls.cameraOn')}
          tone={video ? 'plain' : 'on'}
          pressed={!video}
          captioned={layout === 'phone'}
          icon={video ? <Video size={24} /> : <VideoOff size={24} />}
          onClick={() => setVideo(!video)}
        />
      )}
      {hangUpButton}
      {videoCall && layout === 'phone' && (
        <RoundButton
          label={t('calls.switchCamera')}
          captioned
          icon={<SwitchCamera size={24} />}
          onClick={() => void switchCamera()}
        />
      )}
      {videoCall && layout === 'desktop' && canShareScreen && (
        <RoundButton
          label={screen ? t('calls.stopSharing') : t('calls.shareScreen')}
          tone={screen ? 'on' : 'plain'}
          pressed={screen}
          icon={screen ? <MonitorX size={24} /> : <MonitorUp size={24} />}
          onClick={() => void setScreen(!screen)}
        />
      )}
      {layout === 'desktop' && <DeviceMenu video={videoCall} />}
    </div>
  );
}
